/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kv-sticker-layer.h"
#include "kv-staff-sheet.h"
#include "kv-ui-test-utils.h"

/* What children and staff do, through the window's actions (as the
 * buttons do): stickers, the language button, the staff PIN and panel,
 * and that nobody but staff can close the kiosk. */

static void
setup (KvUiFixture   *f,
       gconstpointer  data)
{
  kv_ui_fixture_setup (f, KV_ROLE_COMMUNITY, 3);
}

static void
teardown (KvUiFixture   *f,
          gconstpointer  data)
{
  kv_ui_fixture_teardown (f);
}

static gboolean
play_messages_contain (KvFakeCall *call,
                       const char *needle)
{
  GPtrArray *sent = kv_fake_call_get_sent_play_messages (call);

  for (guint i = 0; i < sent->len; i++)
    if (strstr (g_ptr_array_index (sent, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_stickers (KvUiFixture   *f,
               gconstpointer  data)
{
  KvStickerLayer *layer = kv_window_get_sticker_layer (f->window);
  KvFakeCall *call;

  kv_ui_fixture_sign_in (f);
  /* Between visits the tray does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "visit.send-sticker", "s", "heart");
  g_assert_cmpuint (kv_sticker_layer_get_n_stickers (layer), ==, 0);

  kv_ui_fixture_go_live (f);
  call = kv_ui_fixture_call (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "visit.send-sticker", "s", "rabbit");
  /* It goes to the other kiosk, and floats up here too. */
  g_assert_true (play_messages_contain (call, "\"rabbit\""));
  g_assert_true (kv_sticker_layer_has_sticker (layer, "rabbit", FALSE));
  g_assert_false (kv_sticker_layer_has_sticker (layer, "rabbit", TRUE));

  /* The other side's sticker floats up on our screen, with a sound. */
  kv_fake_call_receive_play_message (call, "{\"sticker\":\"fish\"}");
  g_assert_true (kv_sticker_layer_has_sticker (layer, "fish", TRUE));
  g_assert_cmpstr (kv_cue_player_get_last (f->cues), ==, "sticker");

  /* Unknown ones (from a button or from the peer) show nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "visit.send-sticker", "s", "dragon");
  kv_fake_call_receive_play_message (call, "{\"sticker\":\"<script>\"}");
  g_assert_cmpuint (kv_sticker_layer_get_n_stickers (layer), ==, 2);
  g_assert_false (play_messages_contain (call, "dragon"));

  /* Stickers keep working in the goodbye minute. */
  kv_ui_fixture_advance_to (f, kv_test_time (10, 59, 0));
  kv_ui_fixture_receive (f, kv_fake_message_goodbye (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "visit.send-sticker", "s", "heart");
  g_assert_true (kv_sticker_layer_has_sticker (layer, "heart", FALSE));
}

static void
test_language (KvUiFixture   *f,
               gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *button = kv_window_get_language_button (f->window);

  kv_ui_fixture_sign_in (f);
  kv_ui_assert_visible_text (window, "Next visit with Dad");
  kv_ui_assert_visible_text (button, "English");

  gtk_widget_activate_action (window, "kiosk.set-language", "s", "fr");
  g_assert_cmpstr (kv_language_get_current (kv_window_get_language (f->window)), ==, "fr");
  kv_ui_assert_visible_text (window, "Prochaine visite avec Dad");
  kv_ui_assert_visible_text (window, "La visite a lieu aujourd’hui à 10:30");
  kv_ui_assert_visible_text (button, "Français");

  gtk_widget_activate_action (window, "kiosk.set-language", "s", "pl");
  kv_ui_assert_visible_text (window, "Dzisiaj!");
  kv_ui_assert_visible_text (button, "Polski");

  gtk_widget_activate_action (window, "kiosk.set-language", "s", "hr");
  kv_ui_assert_visible_text (window, "Danas!");

  /* Not offered: nothing changes, nothing breaks. */
  gtk_widget_activate_action (window, "kiosk.set-language", "s", "xx");
  g_assert_cmpstr (kv_language_get_current (kv_window_get_language (f->window)), ==, "hr");

  /* The visit screen follows too. */
  kv_ui_fixture_go_live (f);
  gtk_widget_activate_action (window, "kiosk.set-language", "s", "fr");
  kv_ui_assert_visible_text (window, "Encore 30 minutes");
  kv_ui_save_screenshot (f, "visit-fr");

  gtk_widget_activate_action (window, "kiosk.set-language", "s", "en");
  kv_ui_assert_visible_text (window, "30 minutes left");
}

static void
test_staff_pin (KvUiFixture   *f,
                gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  KvStaffPinPad *pad = kv_window_get_pin_pad (f->window);

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_join (f);

  /* Locked: staff actions do nothing. */
  g_assert_null (kv_window_get_staff_page (f->window));
  gtk_widget_activate_action (window, "staff.confirm", NULL);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CONFIRM), ==, 0);

  gtk_widget_activate_action (window, "staff.open", NULL);
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "pin");

  /* Wrong PINs: told how many tries are left, then locked out. */
  gtk_widget_activate_action (window, "staff.enter-pin", "s", "1111");
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "pin");
  kv_ui_assert_visible_text (window, "Wrong PIN. 2 attempts left.");
  gtk_widget_activate_action (window, "staff.enter-pin", "s", "");
  kv_ui_assert_visible_text (window, "Wrong PIN. 1 attempt left.");
  gtk_widget_activate_action (window, "staff.enter-pin", "s", "9999");
  kv_ui_assert_visible_text (window, "Try again in 5:00");
  kv_ui_save_screenshot (f, "staff-locked-out");

  /* The countdown runs; even the right PIN waits for it. */
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (f->clock), 30);
  kv_ui_assert_visible_text (window, "Try again in 4:30");
  gtk_widget_activate_action (window, "staff.enter-pin", "s", KV_TEST_PIN);
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "pin");
  g_assert_false (kv_staff_lock_get_unlocked (f->lock));

  /* Meanwhile the sheet closed by itself (a minute untouched). */
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (f->clock), 4 * 60 + 31);
  g_assert_null (kv_window_get_staff_page (f->window));
  gtk_widget_activate_action (window, "staff.open", NULL);
  gtk_widget_activate_action (window, "staff.enter-pin", "s", KV_TEST_PIN);
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "panel");
  g_assert_null (kv_staff_pin_pad_get_message (pad));

  /* Unlocked: confirm goes to the server. */
  gtk_widget_activate_action (window, "staff.confirm", NULL);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CONFIRM), ==, 1);
  kv_ui_assert_visible_text (window, "Confirmed.");

  /* Left alone for a minute, the panel locks itself. */
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (f->clock), KV_STAFF_SHEET_IDLE_US / G_USEC_PER_SEC + 1);
  g_assert_null (kv_window_get_staff_page (f->window));
  g_assert_false (kv_staff_lock_get_unlocked (f->lock));
  gtk_widget_activate_action (window, "staff.confirm", NULL);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CONFIRM), ==, 1);
}

static void
unlock (KvUiFixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.open", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.enter-pin", "s", KV_TEST_PIN);
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "panel");
}

static void
test_staff_pause_and_end (KvUiFixture   *f,
                          gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  const KvMessage *sent;

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);
  unlock (f);

  gtk_widget_activate_action (window, "staff.pause-picture", "b", TRUE);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PAUSE);
  g_assert_nonnull (sent);
  g_assert_true (sent->pause.paused);
  g_assert_cmpint (sent->pause.category, ==, KV_PAUSE_CATEGORY_OTHER);

  gtk_widget_activate_action (window, "staff.end", "s", "distress: needs a break");
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_STAFF_END);
  g_assert_nonnull (sent);
  g_assert_cmpstr (sent->staff_end.reason, ==, "distress: needs a break");
  g_assert_cmpint (sent->staff_end.category, ==, KV_END_CATEGORY_OTHER);
  kv_ui_assert_visible_text (window, "The goodbye has started; the visit ends after it.");
  gtk_widget_activate_action (window, "staff.close", NULL);
  {
    KvMessage *end = kv_fake_message_end (KV_TEST_BOOKING, KV_OUTCOME_ENDED_BY_STAFF, 0);

    end->end.category = KV_END_CATEGORY_OTHER;
    kv_ui_fixture_receive (f, end);
  }
  g_assert_true (kv_fake_call_get_stopped (kv_ui_fixture_call (f)));
  g_assert_cmpstr (kv_window_get_visible_screen (f->window), ==, "after");
}

static void
test_staff_reason_from_panel (KvUiFixture   *f,
                              gconstpointer  data)
{
  KvStaffPanel *panel = kv_window_get_staff_panel (f->window);
  g_autofree char *reason = kv_staff_panel_dup_reason (panel);

  /* The panel sends a stable code (the first reason) for the audit log,
   * whatever language the kiosk speaks. */
  g_assert_cmpstr (reason, ==, "safeguarding");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "kiosk.set-language", "s", "pl");
  g_clear_pointer (&reason, g_free);
  reason = kv_staff_panel_dup_reason (panel);
  g_assert_cmpstr (reason, ==, "safeguarding");
}

/* Whether the window is still one of the app's windows (GTK4 emits
 * "destroy" only at dispose, and the test holds a reference). */
static gboolean
is_open (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) item = g_list_model_get_item (toplevels, i);

      if (item == window)
        return gtk_widget_get_realized (GTK_WIDGET (window));
    }
  return FALSE;
}

static void
test_cannot_close (KvUiFixture   *f,
                   gconstpointer  data)
{
  kv_ui_fixture_sign_in (f);
  g_assert_true (is_open (GTK_WINDOW (f->window)));

  /* A close request (window manager, Alt+F4 under a desktop) is refused. */
  gtk_window_close (GTK_WINDOW (f->window));
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));
  g_assert_true (is_open (GTK_WINDOW (f->window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* Exit is a staff action: nothing happens while locked. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.exit", NULL);
  g_assert_true (is_open (GTK_WINDOW (f->window)));

  unlock (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.exit", NULL);
  g_assert_false (is_open (GTK_WINDOW (f->window)));
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
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui/actions/stickers", KvUiFixture, NULL, setup, test_stickers, teardown);
  g_test_add ("/ui/actions/language", KvUiFixture, NULL, setup, test_language, teardown);
  g_test_add ("/ui/actions/staff-pin", KvUiFixture, NULL, setup, test_staff_pin, teardown);
  g_test_add ("/ui/actions/staff-pause-and-end", KvUiFixture, NULL, setup,
              test_staff_pause_and_end, teardown);
  g_test_add ("/ui/actions/staff-reason", KvUiFixture, NULL, setup,
              test_staff_reason_from_panel, teardown);
  g_test_add ("/ui/actions/cannot-close", KvUiFixture, NULL, setup, test_cannot_close, teardown);
  return g_test_run ();
}
