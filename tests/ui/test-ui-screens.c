/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-screens"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "kv-not-ok-button.h"
#include "kv-pin.h"
#include "kv-screen.h"
#include "kv-sticker-layer.h"
#include "kv-ui.h"
#include "kv-ui-test-utils.h"
#include "kv-visit-screen.h"

/* Every screen of a whole visit, on both kiosks: which screen is up, what
 * it says, and a screenshot of each (tests/ui/screenshots/). */

static void
setup_community (KvUiFixture   *f,
                 gconstpointer  data)
{
  kv_ui_fixture_setup (f, KV_ROLE_COMMUNITY, 5);
}

static void
setup_prison (KvUiFixture   *f,
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

static void
assert_screen (KvUiFixture *f,
               const char  *screen)
{
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));
  g_assert_cmpstr (kv_window_get_visible_screen (f->window), ==, screen);
}

static void
test_whole_visit (KvUiFixture   *f,
                  gconstpointer  data)
{
  gboolean prison = f->role == KV_ROLE_PRISON;
  const char *peer = prison ? "Lena" : "Dad";
  GtkWidget *window = GTK_WIDGET (f->window);
  g_autofree char *expected = NULL;
  KvFakeCall *call;

  /* Prison side: the supervision badge is always there; never on the
   * child's side. */
  g_assert_cmpint (gtk_widget_get_visible (kv_window_get_supervised_badge (f->window)), ==, prison);
  if (prison)
    kv_ui_assert_visible_text (window, "Supervised visit");

  assert_screen (f, "starting");
  kv_ui_assert_visible_text (window, "Getting ready");
  kv_ui_save_screenshot (f, "starting");

  /* Between visits: who is next, and when. */
  kv_ui_fixture_sign_in (f);
  assert_screen (f, "idle");
  expected = g_strdup_printf ("Next visit with %s", peer);
  kv_ui_assert_visible_text (window, expected);
  kv_ui_assert_visible_text (window, "The visit is today at 10:30");
  kv_ui_assert_visible_text (window, "Today!");
  kv_ui_save_screenshot (f, "idle");

  /* Waiting room: the mirror, and the other side on the way. */
  kv_ui_fixture_join (f);
  assert_screen (f, "waiting");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s will be here soon", peer);
  kv_ui_assert_visible_text (window, expected);
  kv_ui_assert_visible_text (window, "The visit starts at 10:30");
  kv_ui_assert_visible_text (window, "Waiting for staff to confirm");
  kv_ui_fixture_receive (f, kv_fake_message_session (KV_TEST_BOOKING, KV_SESSION_STATE_JOINABLE,
                                                     kv_test_time (10, 30, 0), kv_test_time (11, 0, 0),
                                                     KV_SIDE_BOTH, KV_SIDE_NONE, 0, 0));
  kv_fake_call_set_input_level (kv_ui_fixture_call (f), 0.35);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s is on the way!", peer);
  kv_ui_assert_visible_text (window, expected);
  kv_ui_save_screenshot (f, "waiting");

  /* The visit: remote picture, the sun timer, cues, stickers. */
  kv_ui_fixture_advance_to (f, kv_test_time (10, 30, 0));
  kv_ui_fixture_receive (f, kv_fake_message_start (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  call = kv_ui_fixture_call (f);
  kv_fake_call_set_media_flowing (call, TRUE);
  assert_screen (f, "visit");
  g_assert_false (kv_fake_call_get_audio_held (call));
  kv_ui_fixture_advance_to (f, kv_test_time (10, 45, 0));
  kv_ui_fixture_receive (f, kv_fake_message_cue (KV_TEST_BOOKING, 900, TRUE));
  g_assert_cmpstr (kv_visit_screen_get_cue_text (KV_VISIT_SCREEN (kv_window_get_screen (f->window, "visit"))),
                   ==, "Half of the visit has gone");
  g_assert_cmpstr (kv_cue_player_get_last (f->cues), ==, "cue");
  kv_ui_assert_visible_text (window, "15 minutes left");
  gtk_widget_activate_action (window, "visit.send-sticker", "s", "heart");
  kv_fake_call_receive_play_message (call, "{\"sticker\":\"star\"}");
  g_assert_true (kv_sticker_layer_has_sticker (kv_window_get_sticker_layer (f->window), "heart", FALSE));
  g_assert_true (kv_sticker_layer_has_sticker (kv_window_get_sticker_layer (f->window), "star", TRUE));
  kv_ui_save_screenshot (f, "visit");

  /* The picture is lost: a calm wait, lost time counted. */
  kv_fake_call_set_lost_us (call, 75 * G_USEC_PER_SEC);
  kv_fake_call_set_media_flowing (call, FALSE);
  assert_screen (f, "reconnecting");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("We’re finding %s again", peer);
  kv_ui_assert_visible_text (window, expected);
  kv_ui_save_screenshot (f, "reconnecting");
  kv_fake_call_set_media_flowing (call, TRUE);
  assert_screen (f, "visit");

  /* The protected goodbye minute, on both sides. */
  kv_ui_fixture_advance_to (f, kv_test_time (10, 59, 0));
  kv_ui_fixture_receive (f, kv_fake_message_goodbye (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  assert_screen (f, "goodbye");
  kv_ui_assert_visible_text (window, "Time to wave goodbye!");
  g_assert_cmpstr (kv_cue_player_get_last (f->cues), ==, "goodbye");
  kv_ui_save_screenshot (f, "goodbye");

  /* After: a warm goodbye and the next visit. */
  kv_ui_fixture_advance_to (f, kv_test_time (11, 0, 0));
  kv_ui_fixture_receive (f, kv_fake_message_end (KV_TEST_BOOKING, KV_OUTCOME_COMPLETED, 0));
  assert_screen (f, "after");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Bye bye, %s! See you soon", peer);
  kv_ui_assert_visible_text (window, expected);
  kv_ui_assert_visible_text (window, "Next visit: tomorrow at 10:30");
  kv_ui_save_screenshot (f, "after");

  /* Back to between visits by itself. */
  kv_ui_fixture_advance_to (f, kv_test_time (11, 0, 0) + (KV_VISIT_AFTER_SECONDS + 1) * G_USEC_PER_SEC);
  assert_screen (f, "idle");
  kv_ui_assert_visible_text (window, "1 sleep to go");
  kv_ui_save_screenshot (f, "idle-tomorrow");
}

static void
test_unavailable (KvUiFixture   *f,
                  gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);

  kv_visit_controller_start (f->controller);
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_CONNECTING);
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_REFUSED);
  assert_screen (f, "unavailable");
  kv_ui_assert_visible_text (window, "The visit screen is having a rest");
  kv_ui_assert_visible_text (window, "did not accept this kiosk");
  kv_ui_save_screenshot (f, "unavailable");

  kv_fake_signaller_sign_in (f->signaller, "kiosk-1", f->role, kv_clock_get_now (f->clock));
  kv_ui_fixture_receive (f, kv_fake_message_schedule_empty (kv_clock_get_now (f->clock)));
  assert_screen (f, "unavailable");
  kv_ui_assert_visible_text (window, "No visit is booked yet");
  kv_ui_assert_visible_text (window, "nothing is booked for this kiosk");
}

static void
test_staff_screens (KvUiFixture   *f,
                    gconstpointer  data)
{
  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_join (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.open", NULL);
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "pin");
  kv_ui_save_screenshot (f, "staff-pin");
  kv_ui_fixture_enter_pin (f, KV_TEST_PIN);
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "panel");
  kv_ui_assert_visible_text (GTK_WIDGET (f->window), "Confirm: the person is here");
  /* Before any roster: the site PIN, times in the machine's zone (UTC). */
  kv_ui_assert_visible_text (GTK_WIDGET (f->window), "Opened with the site PIN");
  kv_ui_assert_visible_text (GTK_WIDGET (f->window), "This visit: 10:30 UTC – 11:00 UTC");
  kv_ui_save_screenshot (f, "staff-panel");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.close", NULL);

  /* The server's roster: Ana has her own PIN, the site is in Zagreb. */
  {
    g_autofree char *hash = kv_pin_hash_new ("1357", NULL);
    KvMessage *roster = kv_message_new (KV_MESSAGE_STAFF_ROSTER);
    const KvMessage *confirm;

    roster->staff_roster.time_zone = g_strdup ("Europe/Zagreb");
    g_ptr_array_add (roster->staff_roster.staff,
                     kv_roster_entry_new ("ana.horvat", "Ana Horvat", hash));
    kv_ui_fixture_receive (f, roster);

    gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.open", NULL);
    kv_ui_fixture_enter_pin (f, "1357");
    g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "panel");
    kv_ui_assert_visible_text (GTK_WIDGET (f->window), "Opened by Ana Horvat");
    kv_ui_assert_visible_text (GTK_WIDGET (f->window), "This visit: 11:30 CET – 12:00 CET");
    kv_ui_save_screenshot (f, "staff-panel-personal");

    /* What she does goes to the server in her name. */
    gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.confirm", NULL);
    confirm = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_CONFIRM);
    g_assert_nonnull (confirm);
    g_assert_cmpstr (confirm->confirm.staff_id, ==, "ana.horvat");

    /* Locked again and opened with the site PIN: nobody is named. */
    gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.close", NULL);
    gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.open", NULL);
    kv_ui_fixture_enter_pin (f, KV_TEST_PIN);
    kv_ui_assert_visible_text (GTK_WIDGET (f->window), "Opened with the site PIN");
    g_assert_null (kv_staff_lock_get_staff_id (f->lock));
  }
}

/* Protocol v2's screens, on both kiosks: the supervision sign and "I'm not
 * OK" (community), the child's alert as staff see it, staff's visit
 * actions, a pause from either side, a goodbye staff started and a
 * safeguarding stop. */
static void
test_interventions (KvUiFixture   *f,
                    gconstpointer  data)
{
  gboolean prison = f->role == KV_ROLE_PRISON;
  KvSideFlags here = prison ? KV_SIDE_PRISON : KV_SIDE_COMMUNITY;
  KvSideFlags there = prison ? KV_SIDE_COMMUNITY : KV_SIDE_PRISON;
  GtkWidget *window = GTK_WIDGET (f->window);
  KvVisitScreen *visit = KV_VISIT_SCREEN (kv_window_get_screen (f->window, "visit"));
  g_autofree char *expected = NULL;

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_join (f);
  {
    KvMessage *session = kv_fake_message_session (KV_TEST_BOOKING, KV_SESSION_STATE_JOINABLE,
                                                  kv_test_time (10, 30, 0), kv_test_time (11, 0, 0),
                                                  KV_SIDE_BOTH, KV_SIDE_NONE, 0, 0);

    session->session.supervised = TRUE;
    kv_ui_fixture_receive (f, session);
  }
  assert_screen (f, "waiting");
  if (!prison)
    kv_ui_assert_visible_text (window, "A helper can see and hear");
  kv_ui_save_screenshot (f, "waiting-supervised");

  kv_ui_fixture_advance_to (f, kv_test_time (10, 30, 0));
  kv_ui_fixture_receive (f, kv_fake_message_start (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  kv_fake_call_set_media_flowing (kv_ui_fixture_call (f), TRUE);
  kv_ui_fixture_receive_live_session (f, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, TRUE);
  assert_screen (f, "visit");
  g_assert_cmpint (gtk_widget_is_drawable (kv_visit_screen_get_supervision_badge (visit)), ==, !prison);
  g_assert_cmpint (gtk_widget_is_drawable (kv_visit_screen_get_not_ok_button (visit)), ==, !prison);
  kv_ui_save_screenshot (f, "visit-supervised");

  if (!prison)
    {
      /* The child presses "I'm not OK": a heart for the child, a quiet
       * dot for staff in their corner, the alert row in the panel. */
      gtk_widget_activate_action (kv_visit_screen_get_not_ok_button (visit), "not-ok.press", NULL);
      kv_ui_assert_visible_text (window, "A helper is coming");
      kv_ui_assert_visible_text (window, "Staff: see panel");
      kv_ui_save_screenshot (f, "visit-child-alert");
      kv_ui_fixture_unlock_staff (f);
      kv_ui_assert_visible_text (window, "The child pressed “I’m not OK”");
      kv_ui_save_screenshot (f, "staff-child-alert");
      gtk_widget_activate_action (window, "visit.child-alert-seen", NULL);
      g_assert_false (gtk_widget_get_visible (kv_window_get_staff_alert (f->window)));
    }
  else
    kv_ui_fixture_unlock_staff (f);

  /* Staff's visit actions during the visit. */
  kv_ui_assert_visible_text (window, "Start the goodbye now");
  kv_ui_save_screenshot (f, "staff-visit-actions");

  /* Paused here: staff pause, both screens calm. */
  gtk_widget_activate_action (window, "visit.pause", "s", "child-needs-a-moment");
  kv_ui_fixture_receive_live_session (f, here, KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT, KV_SIDE_NONE,
                                      TRUE);
  kv_ui_assert_visible_text (window, "Resume");
  kv_ui_save_screenshot (f, "staff-paused");
  gtk_widget_activate_action (window, "staff.close", NULL);
  assert_screen (f, "paused");
  kv_ui_assert_visible_text (window, "We are taking a little break");
  kv_ui_save_screenshot (f, "paused-here");

  /* Paused by the other side. */
  kv_ui_fixture_receive_live_session (f, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, TRUE);
  assert_screen (f, "visit");
  kv_ui_fixture_receive_live_session (f, there, KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT, KV_SIDE_NONE,
                                      TRUE);
  assert_screen (f, "paused");
  expected = g_strdup_printf ("%s will be back in a moment", prison ? "Lena" : "Dad");
  kv_ui_assert_visible_text (window, expected);
  kv_ui_save_screenshot (f, "paused-by-peer");
  kv_ui_fixture_receive_live_session (f, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, TRUE);
  assert_screen (f, "visit");

  /* Staff start the goodbye now. */
  kv_ui_fixture_unlock_staff (f);
  gtk_widget_activate_action (window, "visit.goodbye-now", "(ss)", "child-upset", "");
  {
    KvMessage *goodbye = kv_fake_message_goodbye (KV_TEST_BOOKING, kv_test_time (10, 31, 0));

    goodbye->goodbye.category = KV_END_CATEGORY_CHILD_UPSET;
    kv_ui_fixture_receive (f, goodbye);
  }
  kv_ui_save_screenshot (f, "staff-goodbye-started");
  gtk_widget_activate_action (window, "staff.close", NULL);
  assert_screen (f, "goodbye");
  kv_ui_save_screenshot (f, "goodbye-by-staff");

  /* A safeguarding stop during the goodbye: the calm screen, not "bye bye". */
  kv_ui_fixture_receive_staff_end (f, KV_END_CATEGORY_SAFEGUARDING);
  assert_screen (f, "stopped");
  kv_ui_assert_visible_text (window, prison ? "The visit has ended" : "A helper is here with you.");
  kv_ui_save_screenshot (f, "stopped");
  kv_ui_fixture_advance_to (f, kv_clock_get_now (f->clock) + (KV_VISIT_AFTER_SECONDS + 1) * G_USEC_PER_SEC);
  assert_screen (f, "idle");
}

static gboolean
text_shown (GtkWidget  *root,
            const char *text)
{
  g_autofree char *shown = kv_ui_visible_text (root);

  return strstr (shown, text) != NULL;
}

/* @text is on screen when @expected, nowhere to be seen otherwise. */
static void
assert_words (KvUiFixture *f,
              const char  *text,
              gboolean     expected)
{
  g_autofree char *shown = kv_ui_visible_text (GTK_WIDGET (f->window));

  if ((strstr (shown, text) != NULL) != expected)
    g_error ("“%s” should %sbe on screen; the screen says:\n%s", text, expected ? "" : "not ",
             shown);
}

/* The first label under @root that shows exactly @text. */
static GtkWidget *
find_shown_label (GtkWidget  *root,
                  const char *text)
{
  if (!gtk_widget_is_drawable (root))
    return NULL;
  if (GTK_IS_LABEL (root) && g_str_equal (gtk_label_get_text (GTK_LABEL (root)), text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shown_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A label showing @shown is the screen's title, and says @spoken to a
 * screen reader (where @spoken has the name @shown, with the invisible
 * marks of kv_ui_isolate_name() around it). */
static void
assert_short_title (KvUiFixture *f,
                    const char  *screen,
                    const char  *shown,
                    const char  *spoken)
{
  GtkWidget *label = find_shown_label (kv_window_get_screen (f->window, screen), shown);
  const char *name_at = strstr (spoken, shown);
  g_autofree char *problem = NULL;
  g_autofree char *isolated = kv_ui_isolate_name (shown);
  g_autofree char *said = name_at == NULL
                          ? g_strdup (spoken)
                          : g_strdup_printf ("%.*s%s%s", (int) (name_at - spoken), spoken,
                                             isolated, name_at + strlen (shown));

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (label, "kv-title"));
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (label),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, said);
  if (problem != NULL)
    g_error ("The “%s” title: %s", shown, problem);
}

static gboolean
screen_has_few_words (KvUiFixture *f,
                      const char  *screen)
{
  GtkWidget *widget = kv_window_get_screen (f->window, screen);
  gboolean few = kv_screen_get_few_words (KV_SCREEN (widget));

  g_assert_cmpint (gtk_widget_has_css_class (widget, "very-young"), ==, few);
  return few;
}

/* The age band of the booking on the child's screens: a child of 0-3
 * gets pictures, the sky timer and the parent's name, not sentences; a
 * child of 8-12, and the parent in prison, every word. Staff's words stay
 * for all. Screenshots <role>-<screen>-<band>.png. */
static void
test_age_band (KvUiFixture   *f,
               gconstpointer  data)
{
  KvAgeBand band = GPOINTER_TO_INT (data);
  gboolean prison = f->role == KV_ROLE_PRISON;
  const char *peer = prison ? "Lena" : "Dad";
  gboolean few = !prison && band == KV_AGE_BAND_0_3;
  gboolean words = !few;
  const char *band_name = kv_age_band_to_string (band);
  KvVisitScreen *visit = KV_VISIT_SCREEN (kv_window_get_screen (f->window, "visit"));
  g_autofree char *name = NULL;
  g_autofree char *expected = NULL;
  KvFakeCall *call;

  /* Between visits: the moons (or the dial) and the name. */
  kv_ui_fixture_sign_in_for_band (f, band);
  assert_screen (f, "idle");
  g_assert_cmpint (screen_has_few_words (f, "idle"), ==, few);
  expected = g_strdup_printf ("Next visit with %s", peer);
  assert_words (f, expected, words);
  if (few)
    assert_short_title (f, "idle", peer, expected);
  assert_words (f, "The visit is today at 10:30", words);
  /* "Today!" is one word: it stays. */
  assert_words (f, "Today!", TRUE);
  name = g_strdup_printf ("idle-%s", band_name);
  kv_ui_save_screenshot (f, name);

  /* The waiting room: the mirror, the figure, the clock, the plan's pictures. */
  kv_ui_fixture_join (f);
  assert_screen (f, "waiting");
  g_assert_cmpint (screen_has_few_words (f, "waiting"), ==, few);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s will be here soon", peer);
  assert_words (f, expected, words);
  if (few)
    assert_short_title (f, "waiting", peer, expected);
  assert_words (f, "The visit starts at 10:30", words);
  assert_words (f, "Say hello!", words);
  assert_words (f, "30 minutes", words);
  assert_words (f, "We wave goodbye at the end", words);
  /* Staff's line is for staff, whoever the child. */
  assert_words (f, "Waiting for staff to confirm", TRUE);
  /* The name under the plan's first picture is a name, not a sentence. */
  g_assert_nonnull (find_shown_label (GTK_WIDGET (f->window), peer));
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("waiting-%s", band_name);
  kv_ui_save_screenshot (f, name);

  /* The visit: the sun on its path, and a cue the sun's banner brings. */
  kv_ui_fixture_advance_to (f, kv_test_time (10, 30, 0));
  kv_ui_fixture_receive (f, kv_fake_message_start (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  call = kv_ui_fixture_call (f);
  kv_fake_call_set_media_flowing (call, TRUE);
  assert_screen (f, "visit");
  g_assert_cmpint (screen_has_few_words (f, "visit"), ==, few);
  kv_ui_fixture_advance_to (f, kv_test_time (10, 45, 0));
  kv_ui_fixture_receive (f, kv_fake_message_cue (KV_TEST_BOOKING, 900, TRUE));
  /* The cue comes, with its sound, whatever the age. */
  g_assert_cmpstr (kv_visit_screen_get_cue_text (visit), ==, "Half of the visit has gone");
  g_assert_cmpstr (kv_cue_player_get_last (f->cues), ==, "cue");
  assert_words (f, "Half of the visit has gone", words);
  assert_words (f, "15 minutes left", words);
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("visit-%s", band_name);
  kv_ui_save_screenshot (f, name);

  /* The picture is lost: the ripples and the name; the adults' line stays. */
  kv_fake_call_set_lost_us (call, 75 * G_USEC_PER_SEC);
  kv_fake_call_set_media_flowing (call, FALSE);
  assert_screen (f, "reconnecting");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("We’re finding %s again", peer);
  assert_words (f, expected, words);
  if (few)
    assert_short_title (f, "reconnecting", peer, expected);
  assert_words (f, "Stay here, the picture will come back", words);
  assert_words (f, "Time lost so far", TRUE);
  kv_fake_call_set_media_flowing (call, TRUE);
  assert_screen (f, "visit");

  /* The goodbye minute: the hand, the setting sun, "Bye bye!". */
  kv_ui_fixture_advance_to (f, kv_test_time (10, 59, 0));
  kv_ui_fixture_receive (f, kv_fake_message_goodbye (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  assert_screen (f, "goodbye");
  assert_words (f, "Time to wave goodbye!", words);
  assert_words (f, "1 minute left", words);
  if (few)
    assert_short_title (f, "goodbye", "Bye bye!", "Time to wave goodbye!");
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("goodbye-%s", band_name);
  kv_ui_save_screenshot (f, name);

  /* After: the hearts and the name. */
  kv_ui_fixture_advance_to (f, kv_test_time (11, 0, 0));
  kv_ui_fixture_receive (f, kv_fake_message_end (KV_TEST_BOOKING, KV_OUTCOME_COMPLETED, 0));
  assert_screen (f, "after");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Bye bye, %s! See you soon", peer);
  assert_words (f, expected, words);
  if (few)
    assert_short_title (f, "after", peer, expected);
  assert_words (f, "Next visit: tomorrow at 10:30", words);
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("after-%s", band_name);
  kv_ui_save_screenshot (f, name);

  /* Tomorrow's visit: the moon counts the sleep. */
  kv_ui_fixture_advance_to (f, kv_test_time (11, 0, 0) + (KV_VISIT_AFTER_SECONDS + 1) * G_USEC_PER_SEC);
  assert_screen (f, "idle");
  assert_words (f, "1 sleep to go", words);
  g_assert_false (few && text_shown (GTK_WIDGET (f->window), "tomorrow"));

  /* Staff's panel keeps its words for a toddler's visit too. */
  kv_ui_fixture_unlock_staff (f);
  assert_words (f, "Opened with the site PIN", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  const char *build_root = g_getenv ("KV_BUILD_ROOT");

  /* GTK's test accessibility backend (run-under-xvfb says none): it keeps
   * the accessible names, so the tests can check what a screen reader
   * would say, and needs no accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
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
  /* Screens switch at once and screenshots show the settled picture. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui/screens/community/whole-visit", KvUiFixture, NULL,
              setup_community, test_whole_visit, teardown);
  g_test_add ("/ui/screens/prison/whole-visit", KvUiFixture, NULL,
              setup_prison, test_whole_visit, teardown);
  g_test_add ("/ui/screens/community/unavailable", KvUiFixture, NULL,
              setup_community, test_unavailable, teardown);
  g_test_add ("/ui/screens/prison/unavailable", KvUiFixture, NULL,
              setup_prison, test_unavailable, teardown);
  g_test_add ("/ui/screens/community/interventions", KvUiFixture, NULL,
              setup_community, test_interventions, teardown);
  g_test_add ("/ui/screens/prison/interventions", KvUiFixture, NULL,
              setup_prison, test_interventions, teardown);
  g_test_add ("/ui/screens/community/staff", KvUiFixture, NULL,
              setup_community, test_staff_screens, teardown);
  g_test_add ("/ui/screens/prison/staff", KvUiFixture, NULL,
              setup_prison, test_staff_screens, teardown);
  g_test_add ("/ui/screens/community/age-0-3", KvUiFixture, GINT_TO_POINTER (KV_AGE_BAND_0_3),
              setup_community, test_age_band, teardown);
  g_test_add ("/ui/screens/community/age-8-12", KvUiFixture, GINT_TO_POINTER (KV_AGE_BAND_8_12),
              setup_community, test_age_band, teardown);
  g_test_add ("/ui/screens/prison/age-0-3", KvUiFixture, GINT_TO_POINTER (KV_AGE_BAND_0_3),
              setup_prison, test_age_band, teardown);
  return g_test_run ();
}
