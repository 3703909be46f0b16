/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-parts"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "kv-cue-player.h"
#include "kv-event-log.h"
#include "kv-language.h"
#include "kv-media-error.h"
#include "kv-paintable-view.h"
#include "kv-sound-player.h"
#include "kv-sticker-layer.h"
#include "kv-ui.h"
#include "kv-ui-test-utils.h"
#include "kv-video-paintable.h"

/* The parts around the screens: the event log the demo reads, the cue
 * sounds, the time phrases, the language switch and the self-view size. */

static void
setup (KvUiFixture   *f,
       gconstpointer  data)
{
  kv_ui_fixture_setup (f, KV_ROLE_PRISON, 5);
}

static void
teardown (KvUiFixture   *f,
          gconstpointer  data)
{
  kv_ui_fixture_teardown (f);
}

static GPtrArray *
read_events (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      JsonNode *node;

      if (*lines[i] == '\0')
        continue;
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_ptr_array_add (events, node);
    }
  return events;
}

static JsonObject *
event (GPtrArray *events,
       guint      index)
{
  g_assert_cmpuint (index, <, events->len);
  return json_node_get_object (g_ptr_array_index (events, index));
}

static void
test_event_log (KvUiFixture   *f,
                gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("kv-ui-events-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "events.jsonl", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  KvEventLog *log;
  const char *expected[] = { "idle", "waiting", "live", "cue", "sticker", "goodbye", "after", "ended" };

  log = kv_event_log_new (f->controller, path, &error);
  g_assert_no_error (error);

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);
  kv_ui_fixture_receive (f, kv_fake_message_cue (KV_TEST_BOOKING, 300, FALSE));
  kv_fake_call_receive_play_message (kv_ui_fixture_call (f), "{\"sticker\":\"cat\"}");
  kv_ui_fixture_advance_to (f, kv_test_time (10, 59, 0));
  kv_ui_fixture_receive (f, kv_fake_message_goodbye (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  kv_ui_fixture_advance_to (f, kv_test_time (11, 0, 0));
  kv_ui_fixture_receive (f, kv_fake_message_end (KV_TEST_BOOKING, KV_OUTCOME_COMPLETED, 0));
  g_assert_finalize_object (log);

  events = read_events (path);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *object = event (events, i);

      g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, expected[i]);
      g_assert_cmpstr (json_object_get_string_member (object, "kiosk"), ==, "Room 1");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "time"), "2026-11-22T1"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "time"), "Z"));
    }
  g_assert_cmpstr (json_object_get_string_member (event (events, 2), "time"), ==,
                   "2026-11-22T10:30:00.000Z");
  g_assert_cmpint (json_object_get_int_member (event (events, 3), "seconds_left"), ==, 300);
  g_assert_false (json_object_get_boolean_member (event (events, 3), "half_way"));
  g_assert_cmpstr (json_object_get_string_member (event (events, 4), "sticker"), ==, "cat");
  g_assert_true (json_object_get_boolean_member (event (events, 4), "from_peer"));
  g_assert_cmpstr (json_object_get_string_member (event (events, 7), "outcome"), ==, "completed");

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_event_log_bad_path (KvUiFixture   *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  KvEventLog *log = kv_event_log_new (f->controller, "/nonexistent-dir/events.jsonl", &error);

  g_assert_null (log);
  g_assert_error (error, KV_UI_ERROR, KV_UI_ERROR_EVENT_LOG);
}

static GtkWidget *
find_by_css_class (GtkWidget  *root,
                   const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_css_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_self_view_size (KvUiFixture   *f,
                     gconstpointer  data)
{
  GtkWidget *thumbnail;
  GdkPaintable *remote;

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));

  /* The camera picture is bigger than the thumbnail: the thumbnail keeps
   * its own size, the remote picture fills the screen. */
  thumbnail = find_by_css_class (GTK_WIDGET (f->window), "self-thumbnail");
  g_assert_nonnull (thumbnail);
  g_assert_nonnull (kv_paintable_view_get_paintable (KV_PAINTABLE_VIEW (thumbnail)));
  g_assert_cmpint (gtk_widget_get_width (thumbnail), ==, 240);
  g_assert_cmpint (gtk_widget_get_height (thumbnail), ==, 180);
  remote = kv_visit_controller_get_remote_paintable (f->controller);
  g_assert_nonnull (remote);
  g_assert_cmpint (gtk_widget_get_width (find_by_css_class (GTK_WIDGET (f->window), "remote-picture")), >, 700);
}

/* Every icon of the visit screen is a texture of the size it is shown: the
 * cairo renderer downloads every texture of the window on every paint. */
static void
test_images_sized (KvUiFixture   *f,
                   gconstpointer  data)
{
  GtkWidget *button;
  GtkWidget *image;
  GdkPaintable *picture;
  int scale;

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));

  button = find_by_css_class (GTK_WIDGET (f->window), "sticker-button");
  g_assert_nonnull (button);
  image = gtk_button_get_child (GTK_BUTTON (button));
  g_assert_true (GTK_IS_IMAGE (image));
  picture = gtk_image_get_paintable (GTK_IMAGE (image));
  g_assert_true (GDK_IS_TEXTURE (picture));
  scale = gtk_widget_get_scale_factor (image);
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (picture)), <=,
                   gtk_image_get_pixel_size (GTK_IMAGE (image)) * scale);
  g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (picture)), <=,
                   gtk_image_get_pixel_size (GTK_IMAGE (image)) * scale);
}

static gboolean
png_has_colour (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  int width, height;
  g_autofree guchar *data = NULL;

  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  data = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, data, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height * 4; i++)
    if (data[i] != 0xff)
      return TRUE;
  return FALSE;
}

/* A screenshot is the picture the window last painted, or an error: never
 * a blank white page (the kiosk's --screenshot-dir saved those while video
 * frames kept the window's render nodes invalid). */
static void
test_screenshot_needs_paint (KvUiFixture   *f,
                             gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("kv-ui-shot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shot.png", NULL);
  g_autoptr (GError) error = NULL;

  kv_ui_fixture_sign_in (f);
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));

  /* Invalidated, not painted yet. */
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  g_assert_false (kv_ui_save_png (GTK_WIDGET (f->window), path, &error));
  g_assert_error (error, KV_UI_ERROR, KV_UI_ERROR_SCREENSHOT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  kv_ui_wait_for_paint (GTK_WIDGET (f->window));
  g_assert_true (kv_ui_save_png (GTK_WIDGET (f->window), path, &error));
  g_assert_no_error (error);
  g_assert_true (png_has_colour (path));

  g_unlink (path);
  g_rmdir (dir);
}

static void
on_frame_shown (KvVideoPaintable *paintable,
                guint            *n_frames)
{
  (*n_frames)++;
}

/* Frames shown in one second of live 30 frames/s video. */
static guint
count_frames_shown (guint max_framerate)
{
  g_autoptr (KvVideoPaintable) paintable = kv_video_paintable_new ();
  g_autoptr (GstElement) pipeline = gst_pipeline_new (NULL);
  g_autoptr (GstBus) bus = gst_pipeline_get_bus (GST_PIPELINE (pipeline));
  GstElement *source = gst_element_factory_make ("videotestsrc", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  g_autoptr (GstCaps) caps = gst_caps_from_string ("video/x-raw,format=I420,width=320,height=240,"
                                                   "framerate=30/1");
  GstElement *sink;
  guint n_frames = 0;
  gboolean done = FALSE;

  g_object_set (paintable, "max-framerate", max_framerate, NULL);
  sink = kv_video_paintable_make_sink (paintable, NULL);
  g_object_set (source, "is-live", TRUE, "num-buffers", 30, NULL);
  g_object_set (filter, "caps", caps, NULL);
  gst_bin_add_many (GST_BIN (pipeline), source, filter, sink, NULL);
  g_assert_true (gst_element_link_many (source, filter, sink, NULL));
  g_signal_connect (paintable, "frame-shown", G_CALLBACK (on_frame_shown), &n_frames);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (!done)
    {
      g_autoptr (GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);

      if (message != NULL)
        {
          g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
          done = TRUE;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  /* The last hop to the main thread. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_cmpuint (kv_video_paintable_get_n_frames (paintable), ==, n_frames);
  return n_frames;
}

/* A thumbnail self-view shows 15 of the camera's 30 frames a second: the
 * others are dropped before conversion (see KvVideoPaintable). */
static void
test_video_paintable_rate (void)
{
  guint all = count_frames_shown (0);
  guint limited = count_frames_shown (15);

  g_test_message ("frames shown: %u unlimited, %u at 15 frames/s", all, limited);
  g_assert_cmpuint (limited, >=, 8);
  g_assert_cmpuint (limited, <=, 16);
  g_assert_cmpuint (all, >, limited);
}

/* The view tells CSS when a picture covers it, so the gradient under the
 * remote picture is not drawn again for every frame (kv-paintable-view.c). */
static void
test_picture_hides_background (void)
{
  GtkWidget *view = g_object_ref_sink (kv_paintable_view_new ());
  g_autoptr(GdkPaintable) empty = gdk_paintable_new_empty (640, 480);
  g_autoptr(GBytes) pixels = g_bytes_new_take (g_malloc0 (4 * 3), 4 * 3);
  g_autoptr(GdkTexture) frame = gdk_memory_texture_new (2, 2, GDK_MEMORY_B8G8R8, pixels, 6);

  g_assert_false (gtk_widget_has_css_class (view, "has-picture"));
  kv_paintable_view_set_paintable (KV_PAINTABLE_VIEW (view), empty);
  g_assert_false (gtk_widget_has_css_class (view, "has-picture"));
  kv_paintable_view_set_paintable (KV_PAINTABLE_VIEW (view), GDK_PAINTABLE (frame));
  g_assert_true (gtk_widget_has_css_class (view, "has-picture"));
  kv_paintable_view_set_paintable (KV_PAINTABLE_VIEW (view), NULL);
  g_assert_false (gtk_widget_has_css_class (view, "has-picture"));
  g_object_unref (view);
}

static void
test_renderer_choice (void)
{
  struct {
    const char *gsk_renderer;
    const char *gdk_debug;
    gboolean    has_gpu;
    const char *result;
  } cases[] = {
    /* No GPU: cairo, and no Mesa/LLVM loaded for nothing. */
    { NULL, NULL, FALSE, "gl-disable" },
    { "", "", FALSE, "gl-disable" },
    { "cairo", NULL, TRUE, "gl-disable" },
    { "cairo", "misc", FALSE, "misc,gl-disable" },
    /* A GPU, or the administrator's own choice: left alone. */
    { NULL, NULL, TRUE, NULL },
    { "ngl", NULL, FALSE, NULL },
    { "gl", NULL, FALSE, NULL },
    { NULL, "gl-glx", FALSE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *result = kv_ui_gdk_debug_for_renderer (cases[i].gsk_renderer,
                                                              cases[i].gdk_debug,
                                                              cases[i].has_gpu);

      g_assert_cmpstr (result, ==, cases[i].result);
    }
}

static void
setup_community (KvUiFixture   *f,
                 gconstpointer  data)
{
  kv_ui_fixture_setup (f, KV_ROLE_COMMUNITY, 5);
}

static void
setup_accessible (KvUiFixture   *f,
                  gconstpointer  data)
{
  kv_ui_fixture_setup_full (f, KV_ROLE_COMMUNITY, 5,
                            "language=fr\nlanguages=fr\nhigh-contrast=true\nlarge-text=true\n");
}

static void
test_accessible_style (KvUiFixture   *f,
                       gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);

  /* The kiosk's own settings: bigger text, stronger contrast, French, and
   * no language button when there is nothing to choose. */
  g_assert_true (gtk_widget_has_css_class (window, "high-contrast"));
  g_assert_true (gtk_widget_has_css_class (window, "large-text"));
  g_assert_false (gtk_widget_get_visible (kv_window_get_language_button (f->window)));
  kv_ui_fixture_sign_in (f);
  kv_ui_assert_visible_text (window, "Prochaine visite avec Dad");
  kv_ui_save_screenshot (f, "idle-large-text");
  kv_ui_fixture_join (f);
  kv_ui_save_screenshot (f, "waiting-large-text");
  /* Still the monitor's size: large text never pushes anything off screen. */
  g_assert_cmpint (gtk_widget_get_height (window), <=, 800);
}

static void
test_days_by_age (KvUiFixture   *f,
                  gconstpointer  data)
{
  gint64 in_three_days = kv_test_time (10, 30, 0) + 3 * 24 * G_TIME_SPAN_HOUR;

  /* Young children count sleeps; a teenager counts days. */
  kv_visit_controller_start (f->controller);
  kv_fake_signaller_sign_in (f->signaller, "kiosk-1", f->role, kv_clock_get_now (f->clock));
  kv_ui_fixture_receive (f, kv_fake_message_schedule (kv_clock_get_now (f->clock), "b9",
                                                      in_three_days, in_three_days + 30 * G_TIME_SPAN_MINUTE,
                                                      "Mum", "Sam", KV_AGE_BAND_4_7));
  kv_ui_assert_visible_text (GTK_WIDGET (f->window), "3 sleeps to go");
  kv_ui_assert_visible_text (GTK_WIDGET (f->window), "The visit is on Wednesday at 10:30");
  kv_ui_save_screenshot (f, "idle-sleeps");
  kv_ui_fixture_receive (f, kv_fake_message_schedule (kv_clock_get_now (f->clock), "b9",
                                                      in_three_days, in_three_days + 30 * G_TIME_SPAN_MINUTE,
                                                      "Mum", "Sam", KV_AGE_BAND_13_17));
  kv_ui_assert_visible_text (GTK_WIDGET (f->window), "3 days to go");
}

static void
test_kiosk_mode (KvUiFixture   *f,
                 gconstpointer  data)
{
  KvWindow *kiosk = g_object_ref (kv_window_new (NULL, f->controller, f->config, f->lock, f->cues, TRUE));
  GdkCursor *cursor;

  /* Bare Xvfb has no window manager, so fullscreen alone would be ignored:
   * the kiosk still covers the whole 1280x800 monitor, undecorated, with
   * the pointer hidden (hide-cursor defaults to true). */
  gtk_window_present (GTK_WINDOW (kiosk));
  kv_ui_wait_for_paint (GTK_WIDGET (kiosk));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (kiosk)), ==, 1280);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (kiosk)), ==, 800);
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (kiosk)));
  cursor = gtk_widget_get_cursor (GTK_WIDGET (kiosk));
  g_assert_nonnull (cursor);
  g_assert_cmpstr (gdk_cursor_get_name (cursor), ==, "none");

  gtk_window_close (GTK_WINDOW (kiosk));
  g_assert_true (gtk_widget_get_realized (GTK_WIDGET (kiosk)));
  gtk_window_destroy (GTK_WINDOW (kiosk));
  g_assert_finalize_object (kiosk);
}

static gboolean
on_wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates until @speaker has stopped playing, for at most 10 s. */
static void
wait_until_quiet (KvSoundPlayer *speaker)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint wake_up = g_timeout_add (50, on_wake_up, NULL);

  while (kv_sound_player_get_playing (speaker) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_up);
  g_assert_false (kv_sound_player_get_playing (speaker));
}

static KvSoundPlayer *
make_speaker (KvAudioSink  sink,
              const char  *device)
{
  g_autoptr (KvMediaConfig) media = kv_media_config_new_defaults ();

  media->audio_sink = sink;
  g_free (media->audio_sink_device);
  media->audio_sink_device = g_strdup (device);
  return kv_sound_player_new (media);
}

static void
test_cue_sounds_play (void)
{
  const char *const sounds[] = { "hello", "cue", "sticker", "goodbye" };
  g_autoptr (KvSoundPlayer) speaker = make_speaker (KV_AUDIO_SINK_FAKE, NULL);
  g_autoptr (KvCuePlayer) player = kv_cue_player_new (KV_SOUND_OUTPUT (speaker));

  /* Every cue the UI asks for is in the resource and decodes to its end
   * through the configured (here: fake) speaker. */
  for (guint i = 0; i < G_N_ELEMENTS (sounds); i++)
    {
      kv_cue_player_play (player, sounds[i]);
      g_assert_true (kv_sound_player_get_playing (speaker));
      wait_until_quiet (speaker);
      g_assert_no_error ((GError *) kv_sound_player_get_error (speaker));
      g_assert_cmpuint (kv_sound_player_get_n_ended (speaker), ==, i + 1);
    }

  /* A new cue cuts off the one playing: only the newest plays to its end. */
  kv_cue_player_play (player, "cue");
  kv_cue_player_play (player, "sticker");
  wait_until_quiet (speaker);
  g_assert_cmpuint (kv_sound_player_get_n_ended (speaker), ==, G_N_ELEMENTS (sounds) + 1);
  g_assert_cmpstr (kv_cue_player_get_last (player), ==, "sticker");
  g_assert_cmpuint (kv_cue_player_get_n_played (player), ==, G_N_ELEMENTS (sounds) + 2);
}

static void
test_cue_sound_without_speaker (void)
{
  /* A speaker that is not there (nor on a broken kiosk): playing must
   * neither warn (warnings are fatal in tests) nor block; the cue fails
   * quietly and says why. */
  g_autoptr (KvSoundPlayer) speaker = make_speaker (KV_AUDIO_SINK_PULSE, "kv-no-such-speaker");
  g_autoptr (KvCuePlayer) player = kv_cue_player_new (KV_SOUND_OUTPUT (speaker));
  const GError *error;

  kv_cue_player_play (player, "cue");
  wait_until_quiet (speaker);
  error = kv_sound_player_get_error (speaker);
  g_assert_nonnull (error);
  /* Without a sound server (CI) the speaker cannot be opened at all; on a
   * desktop with one, the server refuses the unknown sink and pulsesink
   * says so on the bus. */
  if (error->domain == KV_MEDIA_ERROR)
    g_assert_cmpint (error->code, ==, KV_MEDIA_ERROR_DEVICE_MISSING);
  else
    g_assert_cmpstr (g_quark_to_string (error->domain), ==, "gst-resource-error-quark");
  g_assert_cmpuint (kv_sound_player_get_n_ended (speaker), ==, 0);
  g_assert_cmpstr (kv_cue_player_get_last (player), ==, "cue");
}

static void
test_sticker_layer (void)
{
  GtkWidget *layer = g_object_ref_sink (kv_sticker_layer_new ());

  kv_sticker_layer_add (KV_STICKER_LAYER (layer), "heart", TRUE);
  kv_sticker_layer_add (KV_STICKER_LAYER (layer), "fish", FALSE);
  /* No such picture: skipped, not a crash. */
  kv_sticker_layer_add (KV_STICKER_LAYER (layer), "../../etc/passwd", TRUE);
  g_assert_cmpuint (kv_sticker_layer_get_n_stickers (KV_STICKER_LAYER (layer)), ==, 2);
  g_assert_true (kv_sticker_layer_has_sticker (KV_STICKER_LAYER (layer), "heart", TRUE));
  g_assert_false (kv_sticker_layer_has_sticker (KV_STICKER_LAYER (layer), "heart", FALSE));
  /* A child pressing the heart again and again never buries the picture. */
  for (guint i = 0; i < 100; i++)
    kv_sticker_layer_add (KV_STICKER_LAYER (layer), "star", FALSE);
  g_assert_cmpuint (kv_sticker_layer_get_n_stickers (KV_STICKER_LAYER (layer)), ==, 24);
  kv_sticker_layer_clear (KV_STICKER_LAYER (layer));
  g_assert_cmpuint (kv_sticker_layer_get_n_stickers (KV_STICKER_LAYER (layer)), ==, 0);
  g_assert_finalize_object (layer);
}

static void
test_language_switch (void)
{
  const char *languages[] = { "en", "fr", "pl", NULL };
  g_autoptr (KvLanguage) language = kv_language_new (languages, "fr");
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (kv_language_get_current (language), ==, "fr");
  /* Translators' comments reach the catalogue; this proves it loaded. */
  g_assert_cmpstr (_("Supervised visit"), ==, "Visite surveillée");
  g_assert_true (kv_language_set_current (language, "pl", NULL));
  g_assert_cmpstr (_("Supervised visit"), ==, "Wizyta nadzorowana");
  g_assert_false (kv_language_set_current (language, "hr", &error));
  g_assert_error (error, KV_UI_ERROR, KV_UI_ERROR_UNKNOWN_LANGUAGE);
  g_assert_cmpstr (kv_language_get_current (language), ==, "pl");
  g_assert_cmpstr (kv_language_get_native_name ("fr"), ==, "Français");
  g_assert_cmpstr (kv_language_get_native_name ("hr"), ==, "Hrvatski");
  g_assert_true (kv_language_set_current (language, "en", NULL));
  g_assert_cmpstr (_("Supervised visit"), ==, "Supervised visit");

  /* No language at all falls back to English. */
  g_clear_object (&language);
  language = kv_language_new (NULL, "de");
  g_assert_cmpstr (kv_language_get_current (language), ==, "en");
}

static void
test_time_phrases (void)
{
  g_autoptr (KvClock) clock = kv_fake_clock_new (kv_test_time (10, 0, 0));
  gint64 day = 24 * G_TIME_SPAN_HOUR;
  struct {
    gint64      when;
    const char *text;
    guint       nights;
  } cases[] = {
    { kv_test_time (16, 0, 0), "today at 16:00", 0 },
    { kv_test_time (9, 5, 0) + day, "tomorrow at 09:05", 1 },
    /* 2026-11-22 is a Sunday */
    { kv_test_time (14, 30, 0) + 2 * day, "on Tuesday at 14:30", 2 },
    { kv_test_time (14, 30, 0) + 6 * day, "on Saturday at 14:30", 6 },
    { kv_test_time (14, 30, 0) + 12 * day, "in 12 days", 12 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kv_ui_format_when (clock, cases[i].when);

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpuint (kv_ui_nights_until (clock, cases[i].when), ==, cases[i].nights);
    }

  {
    g_autofree char *a = kv_ui_format_duration (45);
    g_autofree char *b = kv_ui_format_duration (60);
    g_autofree char *c = kv_ui_format_duration (61);
    g_autofree char *d = kv_ui_format_duration (1);

    g_assert_cmpstr (a, ==, "45 seconds");
    g_assert_cmpstr (b, ==, "1 minute");
    /* Rounded up: a child is never promised time that is not there... and
     * "1 minute" when 61 s are left would end a minute early. */
    g_assert_cmpstr (c, ==, "2 minutes");
    g_assert_cmpstr (d, ==, "1 second");
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *build_root = g_getenv ("KV_BUILD_ROOT");

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (build_root != NULL)
    {
      g_autofree char *localedir = g_build_filename (build_root, "po", NULL);

      bindtextdomain (GETTEXT_PACKAGE, localedir);
    }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  gst_init (NULL, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui/parts/event-log", KvUiFixture, NULL, setup, test_event_log, teardown);
  g_test_add ("/ui/parts/event-log-bad-path", KvUiFixture, NULL, setup, test_event_log_bad_path, teardown);
  g_test_add ("/ui/parts/self-view-size", KvUiFixture, NULL, setup, test_self_view_size, teardown);
  g_test_add ("/ui/parts/images-sized", KvUiFixture, NULL, setup, test_images_sized, teardown);
  g_test_add ("/ui/parts/screenshot-needs-paint", KvUiFixture, NULL, setup,
              test_screenshot_needs_paint, teardown);
  g_test_add ("/ui/parts/days-by-age", KvUiFixture, NULL, setup_community, test_days_by_age, teardown);
  g_test_add ("/ui/parts/kiosk-mode", KvUiFixture, NULL, setup, test_kiosk_mode, teardown);
  g_test_add ("/ui/parts/accessible-style", KvUiFixture, NULL, setup_accessible,
              test_accessible_style, teardown);
  g_test_add_func ("/ui/parts/cue-sounds-play", test_cue_sounds_play);
  g_test_add_func ("/ui/parts/cue-sound-without-speaker", test_cue_sound_without_speaker);
  g_test_add_func ("/ui/parts/language-switch", test_language_switch);
  g_test_add_func ("/ui/parts/renderer-choice", test_renderer_choice);
  g_test_add_func ("/ui/parts/picture-hides-background", test_picture_hides_background);
  g_test_add_func ("/ui/parts/video-paintable-rate", test_video_paintable_rate);
  g_test_add_func ("/ui/parts/sticker-layer", test_sticker_layer);
  g_test_add_func ("/ui/parts/time-phrases", test_time_phrases);
  return g_test_run ();
}
