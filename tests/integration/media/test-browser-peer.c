/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-test"

#include "config.h"

#include "kv-call-backend.h"
#include "kv-call-test-utils.h"
#include "kv-media-init.h"
#include "kv-webrtc-call.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

/*
 * A browser as the peer: Debian's headless chromium, driven by
 * playwright-core (tests/browser/peer.js), in both roles. SDP and ICE go
 * through this test as JSON lines, as the server would relay them.
 * Frames must be decoded on both sides. Skipped (77) only when chromium or
 * tests/browser/node_modules is missing (tests/run-all runs npm ci).
 */

#define CHROMIUM "/usr/bin/chromium"

typedef struct
{
  KvWebrtcCall     *call;
  GSubprocess      *node;
  GOutputStream    *to_browser;
  GDataInputStream *from_browser;
  GCancellable     *cancellable;
  gint64            browser_frames;
  GPtrArray        *browser_errors;
} Fixture;

static char *
browser_dir (void)
{
  const char *root = g_getenv ("KV_SOURCE_ROOT");

  return root != NULL ? g_build_filename (root, "tests", "browser", NULL) : NULL;
}

static void
send_to_browser (Fixture    *fixture,
                 JsonBuilder *builder)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autofree char *line = g_strconcat (text, "\n", NULL);

  g_output_stream_write_all (fixture->to_browser, line, strlen (line), NULL, NULL, NULL);
}

static void
on_local_description (KvCallBackend *call,
                      KvSdpType      type,
                      const char    *sdp,
                      guint          generation,
                      gpointer       data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "sdp");
  json_builder_set_member_name (builder, "sdp_type");
  json_builder_add_string_value (builder, type == KV_SDP_OFFER ? "offer" : "answer");
  json_builder_set_member_name (builder, "sdp");
  json_builder_add_string_value (builder, sdp);
  json_builder_end_object (builder);
  send_to_browser (data, builder);
}

static void
on_local_candidate (KvCallBackend *call,
                    guint          mline,
                    const char    *candidate,
                    guint          generation,
                    gpointer       data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "ice");
  json_builder_set_member_name (builder, "mline");
  json_builder_add_int_value (builder, mline);
  json_builder_set_member_name (builder, "candidate");
  json_builder_add_string_value (builder, candidate);
  json_builder_end_object (builder);
  send_to_browser (data, builder);
}

static void read_next_line (Fixture *fixture);

static void
handle_browser_line (Fixture    *fixture,
                     const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *message;
  const char *type;

  if (!json_parser_load_from_data (parser, line, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  message = json_node_get_object (json_parser_get_root (parser));
  type = json_object_get_string_member_with_default (message, "type", "");

  if (g_str_equal (type, "sdp"))
    {
      const char *sdp_type = json_object_get_string_member_with_default (message, "sdp_type", "");

      kv_call_backend_set_remote_description (KV_CALL_BACKEND (fixture->call),
                                              g_str_equal (sdp_type, "offer") ? KV_SDP_OFFER
                                                                              : KV_SDP_ANSWER,
                                              json_object_get_string_member_with_default (
                                                message, "sdp", ""), 0);
    }
  else if (g_str_equal (type, "ice"))
    {
      const char *candidate = json_object_get_string_member_with_default (message, "candidate",
                                                                         "");

      /* Loopback only: this test sends nothing to any other address. */
      if (strstr (candidate, " 127.0.0.1 ") != NULL)
        kv_call_backend_add_remote_candidate (KV_CALL_BACKEND (fixture->call),
                                              (guint) json_object_get_int_member_with_default (
                                                message, "mline", 0),
                                              candidate, 0);
    }
  else if (g_str_equal (type, "frames"))
    fixture->browser_frames = json_object_get_int_member_with_default (message, "frames", 0);
  else if (g_str_equal (type, "error"))
    g_ptr_array_add (fixture->browser_errors,
                     g_strdup (json_object_get_string_member_with_default (message, "message",
                                                                           "")));
}

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (
    G_DATA_INPUT_STREAM (source), result, NULL, &error);

  if (line == NULL)
    return; /* end of stream or cancelled */
  handle_browser_line (data, line);
  read_next_line (data);
}

static void
read_next_line (Fixture *fixture)
{
  g_data_input_stream_read_line_async (fixture->from_browser, G_PRIORITY_DEFAULT,
                                       fixture->cancellable, on_line_read, fixture);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  gboolean browser_offers = GPOINTER_TO_INT (data);
  g_autoptr(KvMediaConfig) config = kv_test_media_config ("red", KV_VIDEO_CODEC_H264);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = browser_dir ();
  g_autofree char *script = g_build_filename (dir, "peer.js", NULL);

  fixture->browser_errors = g_ptr_array_new_with_free_func (g_free);
  fixture->cancellable = g_cancellable_new ();
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  fixture->node = g_subprocess_launcher_spawn (launcher, &error, "node", script,
                                               browser_offers ? "offer" : "answer", NULL);
  g_assert_no_error (error);
  fixture->to_browser = g_object_ref (g_subprocess_get_stdin_pipe (fixture->node));
  fixture->from_browser = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->node));

  fixture->call = kv_webrtc_call_new (config, !browser_offers, NULL, NULL);
  g_signal_connect (fixture->call, "local-description", G_CALLBACK (on_local_description),
                    fixture);
  g_signal_connect (fixture->call, "local-candidate", G_CALLBACK (on_local_candidate), fixture);
  read_next_line (fixture);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  const char *quit = "{\"type\":\"quit\"}\n";

  kv_call_backend_stop (KV_CALL_BACKEND (fixture->call));
  g_signal_handlers_disconnect_by_data (fixture->call, fixture);
  g_output_stream_write_all (fixture->to_browser, quit, strlen (quit), NULL, NULL, NULL);
  g_output_stream_close (fixture->to_browser, NULL, NULL);
  g_subprocess_wait (fixture->node, NULL, NULL);
  g_cancellable_cancel (fixture->cancellable);
  kv_test_run_for (50);

  g_assert_finalize_object (g_steal_pointer (&fixture->call));
  g_clear_object (&fixture->to_browser);
  g_clear_object (&fixture->from_browser);
  g_clear_object (&fixture->node);
  g_clear_object (&fixture->cancellable);
  g_clear_pointer (&fixture->browser_errors, g_ptr_array_unref);
}

static gboolean
frames_both_sides (gpointer data)
{
  Fixture *fixture = data;

  return fixture->browser_frames >= 15 && kv_webrtc_call_get_remote_frames (fixture->call) >= 15;
}

static gboolean
call_connected (gpointer data)
{
  Fixture *fixture = data;

  return kv_call_backend_get_state (KV_CALL_BACKEND (fixture->call)) == KV_CALL_STATE_CONNECTED;
}

/* As a kiosk runs a visit: connected with media held (the join window),
 * then released. A held sender has sent nothing when the answer is
 * written, which is what once left a browser with no picture at all. */
static void
test_browser_peer (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 start_us;
  KvCallStats stats;

  kv_call_backend_set_held (KV_CALL_BACKEND (fixture->call), TRUE);
  kv_call_backend_start (KV_CALL_BACKEND (fixture->call));
  g_assert_true (kv_test_wait_until (call_connected, fixture, 30000));
  kv_test_run_for (500);

  start_us = g_get_monotonic_time ();
  kv_call_backend_set_held (KV_CALL_BACKEND (fixture->call), FALSE);
  if (!kv_test_wait_until (frames_both_sides, fixture, 20000))
    {
      for (guint i = 0; i < fixture->browser_errors->len; i++)
        g_test_message ("browser: %s", (char *) g_ptr_array_index (fixture->browser_errors, i));
      g_test_message ("frames: browser %" G_GINT64_FORMAT ", kiosk %" G_GUINT64_FORMAT,
                      fixture->browser_frames, kv_webrtc_call_get_remote_frames (fixture->call));
    }
  g_assert_true (frames_both_sides (fixture));
  g_assert_cmpint (kv_call_backend_get_state (KV_CALL_BACKEND (fixture->call)), ==,
                   KV_CALL_STATE_CONNECTED);
  kv_webrtc_call_get_stats (fixture->call, &stats);
  g_test_message ("both sides decoding %" G_GINT64_FORMAT " ms after release (codec %s)",
                  (g_get_monotonic_time () - start_us) / 1000, stats.video_codec);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = browser_dir ();
  g_autofree char *modules = dir != NULL ? g_build_filename (dir, "node_modules", "playwright-core",
                                                             NULL) : NULL;
  g_autofree char *node = g_find_program_in_path ("node");

  if (!g_file_test (CHROMIUM, G_FILE_TEST_IS_EXECUTABLE) || modules == NULL
      || !g_file_test (modules, G_FILE_TEST_IS_DIR) || node == NULL)
    {
      printf ("SKIP: chromium, node or tests/browser/node_modules missing "
              "(run npm ci in tests/browser)\n");
      return 77;
    }

  g_test_init (&argc, &argv, NULL);
  kv_test_tolerate_rtpsession_race ();
  if (!kv_media_init (&error))
    g_error ("%s", error->message);

  g_test_add ("/media/browser/browser-offers", Fixture, GINT_TO_POINTER (TRUE), setup,
              test_browser_peer, teardown);
  g_test_add ("/media/browser/browser-answers", Fixture, GINT_TO_POINTER (FALSE), setup,
              test_browser_peer, teardown);

  return g_test_run ();
}
