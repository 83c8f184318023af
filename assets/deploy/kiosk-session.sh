#!/bin/sh
# The whole graphical session of a kiosk PC (docs/deployment.md, "Linux"). Started after
# automatic login by cage (Wayland):   cage -- ~/kiosk/deploy/kiosk-session.sh
# or by xinit (X11, no window manager): xinit ~/kiosk/deploy/kiosk-session.sh -- :0 vt1
# It hands the display to the systemd user manager, keeps the screen awake, and runs the
# kiosk service for as long as the session lasts; systemd restarts the kiosk if it stops.
set -u

systemctl --user import-environment DISPLAY WAYLAND_DISPLAY XDG_SESSION_TYPE

if [ -z "${WAYLAND_DISPLAY:-}" ] && [ -n "${DISPLAY:-}" ]; then
    # X11: no screen saver, no blanking, no power saving.
    xset s off
    xset s noblank
    xset -dpms
    # A screen mounted on its side: uncomment, with your output and touch device names
    # (`xrandr --query`, `xinput list`). See docs/deployment.md for the matrix of each angle.
    # xrandr --output HDMI-1 --rotate right
    # xinput set-prop "ILITEK Multi-Touch" "Coordinate Transformation Matrix" 0 1 0 -1 0 1 0 0 1
fi
# Wayland under cage: rotation, if the screen needs it (cage 0.1.5 and later; see the guide).
# wlr-randr --output HDMI-A-1 --transform 90

# Returns only when the service is stopped for good (systemctl --user stop kiosk); cage or
# xinit then ends the session and the display manager logs in again.
exec systemctl --user start --wait kiosk.service
