/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-frames.h"
#include "kv-hostile-monitor.h"
#include "kv-hostile-test.h"

/* Hostile WebSocket frames before sign-in: a deflate bomb and a frame over
 * the size limit. Each test runs a real server, with the legitimate pair
 * relaying throughout, and asserts the common bounds. */

#define DEFLATE_CONNECTIONS 8
#define DEFLATE_BUDGET (1024 * 1024)

/* permessage-deflate is not offered to kiosks (they never use it), so a
 * compressed frame is a protocol error: close 1002, nothing inflated. */
static void
test_deflate_bomb (void)
{
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (NULL);
  KvHostileMonitor *monitor = kv_hostile_monitor_start (server, "deflate-bomb");
  KvDeflateBombResult result;
  KvHostileReport report;

  kv_attack_deflate_bomb (server, DEFLATE_CONNECTIONS, DEFLATE_BUDGET, 0, &result);
  kv_hostile_monitor_finish (monitor, &report);
  report.unauthenticated = result.connections + result.frames_sent;

  g_test_message ("deflate bomb: %u connections, %u of them accepted an extension; %u frames, "
                  "%zu bytes compressed (%zu MB inflated); %u closed with 1002%s%s",
                  result.connections, result.extensions_accepted, result.frames_sent,
                  result.compressed_bytes, result.inflated_bytes / (1024 * 1024),
                  result.closed_1002,
                  result.first_unexpected != NULL ? "; first unexpected: " : "",
                  result.first_unexpected != NULL ? result.first_unexpected : "");
  g_assert_cmpuint (result.connections, ==, DEFLATE_CONNECTIONS);
  g_assert_cmpuint (result.frames_sent, >, 0);
  g_assert_cmpuint (result.extensions_accepted, ==, 0);
  g_assert_cmpuint (result.closed_1002, ==, result.connections);
  kv_hostile_report_assert_bounds (&report);

  kv_deflate_bomb_result_clear (&result);
  kv_hostile_report_clear (&report);
}

/* Frames over 128 KiB are refused by the WebSocket layer with close 1009,
 * and the client must be able to read that close frame: a server that
 * resets the connection with the unread payload still queued destroys it. */
static void
test_oversized_frame (void)
{
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (NULL);
  KvHostileMonitor *monitor = kv_hostile_monitor_start (server, "oversized-frame");
  KvOversizedFrameResult result;
  KvHostileReport report;

  kv_attack_oversized_frame (server, 1024 * 1024, 1024 * 1024, &result);
  kv_hostile_monitor_finish (monitor, &report);
  report.unauthenticated = 1;

  g_test_message ("oversized frame: %zu bytes of a declared 1 MiB payload sent; close code %u; "
                  "then %s%s%s", result.payload_sent, result.close_code,
                  kv_raw_end_to_string (result.end), result.detail != NULL ? "; " : "",
                  result.detail != NULL ? result.detail : "");
  g_assert_false (result.reset_before_close);
  g_assert_cmpuint (result.close_code, ==, 1009);
  g_assert_cmpint (result.end, !=, KV_RAW_END_TIMEOUT);
  kv_hostile_report_assert_bounds (&report);

  kv_oversized_frame_result_clear (&result);
  kv_hostile_report_clear (&report);
}

int
main (int    argc,
      char **argv)
{
  kv_hostile_test_init (&argc, &argv);

  g_test_add_func ("/hostile/frames/deflate-bomb", test_deflate_bomb);
  g_test_add_func ("/hostile/frames/oversized-frame", test_oversized_frame);
  return g_test_run ();
}
