/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include "kv-ui-test-utils.h"

#include <string.h>

#include "kv-pin.h"
#include "kv-ui.h"

/* Shared by the UI tests: a window around a real visit controller driven
 * by the fakes (signaller, call factory) on a fake clock. */

/* Waits in the tests never hang: this is the longest a frame may take. */
#define WAIT_TIMEOUT_US (10 * G_USEC_PER_SEC)

gint64
kv_test_time (int hour,
              int minute,
              int second)
{
  g_autoptr (GDateTime) time = g_date_time_new_utc (2026, 11, 22, hour, minute, second);

  return kv_date_time_to_us (time);
}

static KvKioskConfig *
make_config (KvRole      role,
             guint       pin_attempts,
             const char *extra_kiosk_keys)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = kv_pin_hash_new (KV_TEST_PIN, NULL);
  g_autofree char *data = NULL;
  g_autofree char *secrets = NULL;
  KvKioskConfig *config;

  /* A prison visit room is supervised (kiosk-config/prison.conf), unless
   * a test says otherwise. */
  gboolean supervised = role == KV_ROLE_PRISON &&
                        (extra_kiosk_keys == NULL || strstr (extra_kiosk_keys, "supervised=") == NULL);

  data = g_strdup_printf ("[kiosk]\n"
                          "role=%s\n"
                          "server-url=ws://127.0.0.1:9/ws\n"
                          "label=Room 1\n"
                          "%s"
                          "%s"
                          "[staff]\n"
                          "pin-attempts=%u\n"
                          "pin-lockout-minutes=5\n",
                          kv_role_to_string (role),
                          supervised ? "supervised=true\n" : "",
                          extra_kiosk_keys != NULL ? extra_kiosk_keys
                                                   : "language=en\nlanguages=en;fr;pl;hr\n",
                          pin_attempts);
  secrets = g_strdup_printf ("[secrets]\n"
                             "device-token=test-token\n"
                             "staff-pin-hash=%s\n", hash);
  config = kv_kiosk_config_new_from_data (data, strlen (data), secrets, &error);
  g_assert_no_error (error);
  return config;
}

void
kv_ui_fixture_setup (KvUiFixture *f,
                     KvRole       role,
                     guint        pin_attempts)
{
  kv_ui_fixture_setup_full (f, role, pin_attempts, NULL);
}

static void
fixture_setup (KvUiFixture *f,
               KvRole       role,
               guint        pin_attempts,
               const char  *extra_kiosk_keys,
               int          width,
               int          height)
{
  f->role = role;
  f->width = width;
  f->height = height;
  f->clock = kv_fake_clock_new (kv_test_time (10, 0, 0));
  f->signaller = kv_fake_signaller_new ();
  f->factory = kv_fake_call_factory_new ();
  f->config = make_config (role, pin_attempts, extra_kiosk_keys);
  f->controller = kv_visit_controller_new (f->config, f->clock, KV_SIGNALLER (f->signaller),
                                           KV_CALL_FACTORY (f->factory));
  /* In memory: the kept file has tests of its own. */
  f->roster = kv_staff_roster_new (KV_SIGNALLER (f->signaller), NULL);
  f->lock = kv_staff_lock_new (f->clock, kv_kiosk_config_get_staff_pin_hash (f->config), f->roster,
                               kv_kiosk_config_get_pin_attempts (f->config),
                               kv_kiosk_config_get_pin_lockout_minutes (f->config) * 60 * G_USEC_PER_SEC);
  /* Counted, not played: the sound itself has its own test. */
  f->cues = kv_cue_player_new (NULL);
  f->window = g_object_ref (kv_window_new (NULL, f->controller, f->config, f->lock, f->cues, FALSE));
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_window_present (GTK_WINDOW (f->window));
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));
}

/**
 * kv_ui_fixture_setup_full:
 * @extra_kiosk_keys: (nullable): more [kiosk] lines, "key=value\n" each;
 *   %NULL: English with all four languages offered
 */
void
kv_ui_fixture_setup_full (KvUiFixture *f,
                          KvRole       role,
                          guint        pin_attempts,
                          const char  *extra_kiosk_keys)
{
  fixture_setup (f, role, pin_attempts, extra_kiosk_keys, 1280, 800);
}

/**
 * kv_ui_fixture_setup_sized:
 * @width: the kiosk's screen, e.g. 640
 * @height: e.g. 480
 *
 * A kiosk as kv_ui_fixture_setup() makes it (five PIN attempts), whose
 * window is @width x @height: its screens must fit that, see
 * kv_ui_assert_window_fits(). Screenshots are named with the size.
 */
void
kv_ui_fixture_setup_sized (KvUiFixture *f,
                           KvRole       role,
                           int          width,
                           int          height)
{
  fixture_setup (f, role, 5, NULL, width, height);
  f->sized = TRUE;
}

/**
 * kv_ui_fixture_setup_sized_full:
 * @extra_kiosk_keys: more [kiosk] lines, as for kv_ui_fixture_setup_full()
 *
 * kv_ui_fixture_setup_sized() with the kiosk's language keys of the test's
 * choosing, e.g. "language=en\n" for every language the kiosk ships.
 */
void
kv_ui_fixture_setup_sized_full (KvUiFixture *f,
                                KvRole       role,
                                int          width,
                                int          height,
                                const char  *extra_kiosk_keys)
{
  fixture_setup (f, role, 5, extra_kiosk_keys, width, height);
  f->sized = TRUE;
}

/* Says which widgets ask for more than @limit (their minimum size),
 * outermost first, to find what made a screen overflow. */
static void
report_too_big (GtkWidget      *widget,
                GtkOrientation  orientation,
                int             limit,
                int             depth)
{
  int minimum, natural;

  if (!gtk_widget_get_visible (widget))
    return;
  gtk_widget_measure (widget, orientation, -1, &minimum, &natural, NULL, NULL);
  if (depth > 0 && minimum <= limit)
    {
      /* Together with its siblings it may be too much: say its share. */
      if (minimum > 0)
        g_test_message ("%*s%s (%s): %d", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                        gtk_widget_get_name (widget), minimum);
      return;
    }
  g_test_message ("%*s%s (%s): minimum %s %d", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                  gtk_widget_get_name (widget),
                  orientation == GTK_ORIENTATION_HORIZONTAL ? "width" : "height", minimum);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    report_too_big (child, orientation, minimum > limit ? limit : minimum - 1, depth + 1);
}

/* A screen that asks for more room than the kiosk's screen has makes the
 * window grow past it (under Xvfb, with no window manager to refuse); on
 * a kiosk it would be cut off. */
void
kv_ui_assert_window_fits (KvUiFixture *f)
{
  GtkWidget *window = GTK_WIDGET (f->window);

  kv_ui_wait_for_paint (window);
  if (gtk_widget_get_width (window) > f->width)
    report_too_big (window, GTK_ORIENTATION_HORIZONTAL, f->width, 0);
  if (gtk_widget_get_height (window) > f->height)
    report_too_big (window, GTK_ORIENTATION_VERTICAL, f->height, 0);
  if (gtk_widget_get_width (window) != f->width || gtk_widget_get_height (window) != f->height)
    g_error ("The “%s” screen does not fit %d x %d: the window grew to %d x %d",
             kv_window_get_visible_screen (f->window), f->width, f->height,
             gtk_widget_get_width (window), gtk_widget_get_height (window));
}

void
kv_ui_fixture_teardown (KvUiFixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  kv_visit_controller_shutdown (f->controller);
  g_assert_finalize_object (f->controller);
  /* PIN checks' tasks let go of the lock once idle. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->lock);
  g_assert_finalize_object (f->roster);
  g_assert_finalize_object (f->cues);
  g_assert_finalize_object (f->factory);
  g_assert_finalize_object (f->signaller);
  g_assert_finalize_object (f->config);
  g_assert_finalize_object (f->clock);
}

void
kv_ui_fixture_advance_to (KvUiFixture *f,
                          gint64       when_us)
{
  gint64 now = kv_clock_get_now (f->clock);

  g_assert_cmpint (when_us, >=, now);
  kv_fake_clock_advance (KV_FAKE_CLOCK (f->clock), when_us - now);
}

void
kv_ui_fixture_receive (KvUiFixture *f,
                       KvMessage   *message)
{
  kv_fake_signaller_receive (f->signaller, message);
}

static void
receive_schedule (KvUiFixture *f,
                  KvAgeBand    age_band)
{
  KvMessage *schedule;
  gint64 day = 24 * G_TIME_SPAN_HOUR;

  schedule = kv_fake_message_schedule (kv_clock_get_now (f->clock), KV_TEST_BOOKING,
                                       kv_test_time (10, 30, 0), kv_test_time (11, 0, 0),
                                       "Dad", "Lena", age_band);
  kv_fake_message_schedule_add (schedule, "b2",
                                kv_test_time (10, 30, 0) + day, kv_test_time (11, 0, 0) + day,
                                "Dad", "Lena", age_band);
  kv_ui_fixture_receive (f, schedule);
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_IDLE);
}

/* Signed in; visit 10:30-11:00 today with "Dad" and "Lena" (4-7), and
 * another one tomorrow. */
void
kv_ui_fixture_sign_in (KvUiFixture *f)
{
  kv_ui_fixture_sign_in_for_band (f, KV_AGE_BAND_4_7);
}

/* kv_ui_fixture_sign_in() with both visits for a child of @age_band. */
void
kv_ui_fixture_sign_in_for_band (KvUiFixture *f,
                                KvAgeBand    age_band)
{
  kv_visit_controller_start (f->controller);
  kv_fake_signaller_sign_in (f->signaller, "kiosk-1", f->role, kv_clock_get_now (f->clock));
  receive_schedule (f, age_band);
}

/* The schedule of kv_ui_fixture_sign_in(), for a kiosk already signed in. */
void
kv_ui_fixture_receive_schedule (KvUiFixture *f)
{
  receive_schedule (f, KV_AGE_BAND_4_7);
}

void
kv_ui_fixture_join (KvUiFixture *f)
{
  kv_ui_fixture_advance_to (f, kv_test_time (10, 22, 0));
  kv_ui_fixture_receive (f, kv_fake_message_join (KV_TEST_BOOKING, f->role == KV_ROLE_PRISON,
                                                  kv_test_time (10, 30, 0), kv_test_time (11, 0, 0)));
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_WAITING);
  kv_fake_call_set_state (kv_ui_fixture_call (f), KV_CALL_STATE_CONNECTED);
}

/* The server's `session` of the live visit 10:30-11:00: both sides here
 * and confirmed, @paused and @muted sides, and whether the prison side is
 * supervised. */
void
kv_ui_fixture_receive_live_session (KvUiFixture     *f,
                                    KvSideFlags      paused,
                                    KvPauseCategory  category,
                                    KvSideFlags      muted,
                                    gboolean         supervised)
{
  KvMessage *session = kv_fake_message_session (KV_TEST_BOOKING, KV_SESSION_STATE_LIVE,
                                                kv_test_time (10, 30, 0), kv_test_time (11, 0, 0),
                                                KV_SIDE_BOTH, KV_SIDE_BOTH, 0, 0);

  session->session.paused = paused;
  session->session.pause_category = paused != KV_SIDE_NONE ? category : KV_PAUSE_CATEGORY_NONE;
  session->session.muted = muted;
  session->session.supervised = supervised;
  kv_ui_fixture_receive (f, session);
}

/* The server's `end` of a visit staff ended in @category (a safeguarding
 * stop, or after a goodbye they started). */
void
kv_ui_fixture_receive_staff_end (KvUiFixture   *f,
                                 KvEndCategory  category)
{
  KvMessage *end = kv_fake_message_end (KV_TEST_BOOKING, KV_OUTCOME_ENDED_BY_STAFF, 0);

  end->end.category = category;
  kv_ui_fixture_receive (f, end);
}

static gboolean
on_pin_timeout (gpointer user_data)
{
  g_error ("Timed out waiting for the PIN check");
  return G_SOURCE_REMOVE;
}

/* Types @pin on the open PIN pad ("staff.enter-pin") and waits for the
 * verdict: PINs are checked on a worker thread. */
void
kv_ui_fixture_enter_pin (KvUiFixture *f,
                         const char  *pin)
{
  guint timeout = g_timeout_add_seconds (20, on_pin_timeout, NULL);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.enter-pin", "s", pin);
  while (kv_staff_lock_get_checking (f->lock))
    g_main_context_iteration (NULL, TRUE);
  /* The verdict's own callback comes just after. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_source_remove (timeout);
}

/* Opens the staff sheet with the PIN: the panel shows. */
void
kv_ui_fixture_unlock_staff (KvUiFixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.open", NULL);
  kv_ui_fixture_enter_pin (f, KV_TEST_PIN);
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "panel");
}

void
kv_ui_fixture_go_live (KvUiFixture *f)
{
  kv_ui_fixture_join (f);
  kv_ui_fixture_advance_to (f, kv_test_time (10, 30, 0));
  kv_ui_fixture_receive (f, kv_fake_message_start (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_LIVE);
  kv_fake_call_set_media_flowing (kv_ui_fixture_call (f), TRUE);
}

KvFakeCall *
kv_ui_fixture_call (KvUiFixture *f)
{
  KvFakeCall *call = kv_fake_call_factory_get_last_call (f->factory);

  g_assert_nonnull (call);
  return call;
}

static void
on_after_paint (GdkFrameClock *frame_clock,
                guint         *n_paints)
{
  (*n_paints)++;
}

static gboolean
on_wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until the widget has been painted twice (layout, then
 * the settled picture), or fails after WAIT_TIMEOUT_US. */
void
kv_ui_wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *frame_clock;
  guint n_paints = 0;
  gulong handler;
  guint wake_up;
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  while ((frame_clock = gtk_widget_get_frame_clock (widget)) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (frame_clock);

  handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint), &n_paints);
  wake_up = g_timeout_add (20, on_wake_up, NULL);
  while (n_paints < 2 && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake_up);
  g_signal_handler_disconnect (frame_clock, handler);
  g_assert_cmpuint (n_paints, >=, 2);
}

/**
 * kv_ui_without_marks:
 *
 * Returns: @text without the invisible direction marks and isolates the
 *   kiosk puts around names (kv_ui_isolate_name()): what a person reads
 */
char *
kv_ui_without_marks (const char *text)
{
  GString *shown = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0x200e && c != 0x200f && (c < 0x2066 || c > 0x2069))
        g_string_append_unichar (shown, c);
    }
  return g_string_free (shown, FALSE);
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_is_drawable (widget) || gtk_widget_get_opacity (widget) == 0)
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_autofree char *shown = kv_ui_without_marks (gtk_label_get_text (GTK_LABEL (widget)));

      g_string_append (text, shown);
      g_string_append_c (text, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

/**
 * kv_ui_visible_text:
 *
 * Returns: every label a person can see under @root, one per line
 */
char *
kv_ui_visible_text (GtkWidget *root)
{
  GString *text = g_string_new (NULL);

  collect_text (root, text);
  return g_string_free (text, FALSE);
}

void
kv_ui_assert_visible_text (GtkWidget  *root,
                           const char *expected)
{
  g_autofree char *text = kv_ui_visible_text (root);

  if (strstr (text, expected) == NULL)
    g_error ("“%s” is not on screen; the screen says:\n%s", expected, text);
}

/* Saves the window as <role>-<screen>.png in KV_SCREENSHOT_DIR, for people
 * to look at (and for the report); <role>-<screen>-<W>x<H>.png for a
 * window made by kv_ui_fixture_setup_sized(). */
void
kv_ui_save_screenshot (KvUiFixture *f,
                       const char  *screen)
{
  const char *dir = g_getenv ("KV_SCREENSHOT_DIR");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    return;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));
  if (!f->sized)
    name = g_strdup_printf ("%s-%s.png", kv_role_to_string (f->role), screen);
  else
    name = g_strdup_printf ("%s-%s-%dx%d.png", kv_role_to_string (f->role), screen,
                            f->width, f->height);
  path = g_build_filename (dir, name, NULL);
  kv_ui_save_png (GTK_WIDGET (f->window), path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}
