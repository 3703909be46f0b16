# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the lint suite's shell tests: TAP output for meson (protocol
# 'tap'). The plan is printed at the end, which TAP allows.
tap_count=0
tap_failed=0

ok() {
  tap_count=$((tap_count + 1))
  echo "ok $tap_count - $*"
}
not_ok() {
  tap_count=$((tap_count + 1))
  tap_failed=$((tap_failed + 1))
  echo "not ok $tap_count - $*"
}
# check DESCRIPTION COMMAND...: one test point from a command's exit status;
# the command's output is shown as diagnostics when it fails.
check() {
  tap_what=$1
  shift
  if tap_out=$("$@" 2>&1); then
    ok "$tap_what"
  else
    not_ok "$tap_what"
    printf '%s\n' "$tap_out" | sed 's/^/#   /'
  fi
}
skip_all() {
  echo "1..0 # SKIP $*"
  exit 0
}
done_testing() {
  echo "1..$tap_count"
  [ "$tap_failed" -eq 0 ]
}
