#!/bin/sh
# 'blackout mark TEXT...' inside the calibration guest: a dm-log-writes mark in the workload's log
# (hex-encoded: a mark is one word of at most 478 characters) and a line on the control port.
if [ "$1" != mark ] || [ $# -lt 2 ]; then
  echo "blackout: only 'blackout mark TEXT...' works inside the calibration guest" >&2
  exit 2
fi
shift
hex=$(printf '%s' "$*" | od -An -v -tx1 | tr -d ' \n')
if [ ${#hex} -gt 476 ]; then
  echo "blackout: a mark holds at most 238 bytes inside the calibration guest" >&2
  exit 2
fi
if [ -n "$BLACKOUT_DM" ]; then
  dmsetup message "$BLACKOUT_DM" 0 mark "a=$hex" || exit 1
fi
echo "MARK $BLACKOUT_W $hex" > /dev/ttyS1
