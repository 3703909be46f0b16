/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-kiosk"

#include "config.h"

#include "kv-test-hooks.h"

#include <glib/gi18n.h>

#include "kv-event-log.h"
#include "kv-kiosk-enums.h"
#include "kv-staff-script.h"
#include "kv-ui.h"

/**
 * KvTestHooks:
 *
 * The kiosk's switches for the demo and for unattended tests, none of
 * which a visit room may have: built only with `-Dtest_hooks=true` (the
 * default for developers, the tests and the demo); the Debian package
 * builds without them, so its kinvisit-kiosk rejects them as unknown
 * options (packaging/check-debs checks the .deb).
 *
 * - `--auto-confirm` confirms presence on entering the waiting room, as
 *   staff would: a real visit room must never skip staff.
 * - `--screenshot-dir DIR` saves a PNG of the window on each phase change,
 *   and 2 s into the visit so the remote picture is in it. The pictures show
 *   the child and the parent: the folder is made private (0700).
 * - `--event-log FILE` appends one JSON line per phase, cue, sticker and end
 *   (#KvEventLog), so the demo and the end-to-end test can follow the
 *   screens without scraping pixels. The hooks add what a phase alone does
 *   not say: `visit-paused` (`category`, `paused_here`), `visit-resumed`,
 *   `goodbye-started` (`end_category`, `end`), and `end-category` and
 *   `visit-end` whenever those change during a visit.
 * - `--staff-script SCRIPT` performs staff's pause, resume, mute,
 *   goodbye now, safeguarding stop (and the child's alert) at set seconds
 *   after the visit went live, through the controller as the staff panel
 *   would, and logs each (#KvStaffScript). For example
 *   `pause:child-needs-a-moment@15;resume@27;goodbye-now:finished-early@40`.
 */

/* The screen cross-fades for 500 ms (from its first frame): capture after
 * it settled. */
#define SCREENSHOT_SETTLE_MS 1200
/* Into the visit, so the first remote frames are on screen. */
#define SCREENSHOT_LIVE_MS 2000

enum {
  PROP_0,
  PROP_CONTROLLER,
  PROP_AUTO_CONFIRM,
  PROP_SCREENSHOT_DIR,
  PROP_EVENT_LOG_PATH,
  PROP_STAFF_SCRIPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvTestHooks
{
  GObject            parent_instance;

  KvVisitController *controller;
  gboolean           auto_confirm;
  char              *screenshot_dir;
  char              *event_log_path;
  char              *staff_script_text;

  KvEventLog        *event_log;
  KvStaffScript     *staff_script;
  KvVisitPhase       logged_phase;        /* as of the last detail logged */
  KvWindow          *window;              /* while it exists */
  guint              n_screenshots;
  guint              screenshot_id;
  guint              live_screenshot_id;
  KvVisitPhase       shown_phase;         /* as of the last phase change */
  char              *pending_screenshot;  /* phase nick, saved after the next paint */
  GdkFrameClock     *frame_clock;         /* the window's, while watched */
  gulong             after_paint_id;
};

G_DEFINE_FINAL_TYPE (KvTestHooks, kv_test_hooks, G_TYPE_OBJECT)

static void
stop_watching_paints (KvTestHooks *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

static void
stop_screenshots (KvTestHooks *self)
{
  g_clear_handle_id (&self->screenshot_id, g_source_remove);
  g_clear_handle_id (&self->live_screenshot_id, g_source_remove);
  stop_watching_paints (self);
}

/* Right after a paint, the window's render nodes are the picture on the
 * screen. At any other moment they may be gone: every video frame
 * invalidates them until the next paint, and before the first paint there
 * are none. kv_ui_save_png() then had only its white background to save:
 * 7 of the 13 screenshots of a demo visit (5 of its 8 live ones) were blank
 * white. */
static void
on_after_paint (GdkFrameClock *frame_clock,
                KvTestHooks   *self)
{
  g_autofree char *phase = g_steal_pointer (&self->pending_screenshot);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  stop_watching_paints (self);
  if (phase == NULL || self->window == NULL)
    return;
  name = g_strdup_printf ("%02u-%s.png", ++self->n_screenshots, phase);
  path = g_build_filename (self->screenshot_dir, name, NULL);
  if (!kv_ui_save_png (GTK_WIDGET (self->window), path, &error))
    g_warning ("Screenshot: %s", error->message);
  else
    g_debug ("Screenshot saved: %s", path);
}

static void watch_next_paint (KvTestHooks *self);

static void
on_window_mapped (KvTestHooks *self)
{
  g_signal_handlers_disconnect_by_func (self->window, on_window_mapped, self);
  watch_next_paint (self);
}

static void
watch_next_paint (KvTestHooks *self)
{
  GtkWidget *window = GTK_WIDGET (self->window);
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);

  if (self->after_paint_id != 0)
    return;
  /* Not on screen yet: the first paint follows the map. */
  if (frame_clock == NULL || !gtk_widget_get_mapped (window))
    {
      g_signal_handlers_disconnect_by_func (window, on_window_mapped, self);
      g_signal_connect_object (window, "map", G_CALLBACK (on_window_mapped), self,
                               G_CONNECT_SWAPPED);
      return;
    }
  self->frame_clock = g_object_ref (frame_clock);
  self->after_paint_id = g_signal_connect (frame_clock, "after-paint",
                                           G_CALLBACK (on_after_paint), self);
  /* A still screen does not paint by itself. */
  gtk_widget_queue_draw (window);
}

/* A picture of @phase's screen, saved once the window has painted (see
 * on_after_paint()). */
static void
save_screenshot (KvTestHooks  *self,
                 KvVisitPhase  phase)
{
  g_autoptr (GEnumClass) phases = g_type_class_ref (KV_TYPE_VISIT_PHASE);
  GEnumValue *value = g_enum_get_value (phases, phase);

  if (self->window == NULL)
    return;
  /* Two phase changes within one frame: the first phase was never on
   * screen, the newer picture replaces it. */
  if (self->pending_screenshot != NULL)
    g_debug ("No screenshot of %s: it did not last a frame", self->pending_screenshot);
  g_free (self->pending_screenshot);
  self->pending_screenshot = g_strdup (value != NULL ? value->value_nick : "unknown");
  watch_next_paint (self);
}

static gboolean
on_screenshot_due (gpointer user_data)
{
  KvTestHooks *self = user_data;

  self->screenshot_id = 0;
  save_screenshot (self, kv_visit_controller_get_phase (self->controller));
  return G_SOURCE_REMOVE;
}

static gboolean
on_live_screenshot_due (gpointer user_data)
{
  KvTestHooks *self = user_data;

  self->live_screenshot_id = 0;
  save_screenshot (self, kv_visit_controller_get_phase (self->controller));
  return G_SOURCE_REMOVE;
}

static void
confirm_like_staff (KvTestHooks *self)
{
  g_autoptr (GError) error = NULL;

  if (!kv_visit_controller_staff_confirm (self->controller, &error))
    g_warning ("Automatic confirmation failed: %s", error->message);
  else
    g_message ("Presence confirmed automatically (--auto-confirm)");
}

static void
on_phase_changed (KvTestHooks *self)
{
  if (self->auto_confirm &&
      kv_visit_controller_get_phase (self->controller) == KV_VISIT_PHASE_WAITING &&
      !kv_visit_controller_get_self_confirmed (self->controller))
    confirm_like_staff (self);

  if (self->screenshot_dir == NULL)
    return;

  /* A phase that lasts less than the settle time still gets its picture,
   * named after it: the next paint still shows its screen (the new one
   * cross-fades in from there). */
  if (self->screenshot_id != 0)
    {
      g_clear_handle_id (&self->screenshot_id, g_source_remove);
      save_screenshot (self, self->shown_phase);
    }
  self->shown_phase = kv_visit_controller_get_phase (self->controller);
  self->screenshot_id = g_timeout_add (SCREENSHOT_SETTLE_MS, on_screenshot_due, self);
  g_clear_handle_id (&self->live_screenshot_id, g_source_remove);
  if (kv_visit_controller_get_phase (self->controller) == KV_VISIT_PHASE_LIVE)
    self->live_screenshot_id = g_timeout_add (SCREENSHOT_LIVE_MS, on_live_screenshot_due, self);
}

static void
on_window_destroyed (KvTestHooks *self)
{
  stop_screenshots (self);
  g_clear_pointer (&self->pending_screenshot, g_free);
  self->window = NULL;
}

static void
log_detail (KvTestHooks *self,
            const char  *event,
            JsonObject  *fields)
{
  g_autoptr (GError) error = NULL;

  if (!kv_event_log_append (self->event_log, event, fields, &error))
    g_warning ("Event log: %s", error->message);
}

static gboolean
visit_is_on (KvVisitPhase phase)
{
  return phase == KV_VISIT_PHASE_LIVE || phase == KV_VISIT_PHASE_RECONNECTING ||
         phase == KV_VISIT_PHASE_PAUSED || phase == KV_VISIT_PHASE_GOODBYE;
}

static void
set_time_member (JsonObject *fields,
                 const char *name,
                 gint64      time_us)
{
  g_autoptr (GDateTime) seconds = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (time_us > 0)
    seconds = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  if (seconds != NULL)
    time = g_date_time_add (seconds, time_us % G_USEC_PER_SEC);
  if (time != NULL)
    text = g_date_time_format_iso8601 (time);

  if (text != NULL)
    json_object_set_string_member (fields, name, text);
  else
    json_object_set_null_member (fields, name);
}

static void
set_end_category_member (JsonObject    *fields,
                         const char    *name,
                         KvEndCategory  category)
{
  if (category != KV_END_CATEGORY_NONE)
    json_object_set_string_member (fields, name, kv_end_category_to_string (category));
  else
    json_object_set_null_member (fields, name);
}

/* The event log names the phase; who paused, why, and when a staff
 * goodbye ends the visit are the controller's other properties. */
static void
on_phase_changed_log_details (KvTestHooks *self)
{
  KvVisitPhase phase = kv_visit_controller_get_phase (self->controller);
  KvVisitPhase before = self->logged_phase;

  if (phase == before)
    return;
  self->logged_phase = phase;
  if (phase == KV_VISIT_PHASE_PAUSED)
    {
      g_autoptr (JsonObject) fields = json_object_new ();
      KvPauseCategory category = kv_visit_controller_get_pause_category (self->controller);

      if (category != KV_PAUSE_CATEGORY_NONE)
        json_object_set_string_member (fields, "category", kv_pause_category_to_string (category));
      else
        json_object_set_null_member (fields, "category");
      json_object_set_boolean_member (fields, "paused_here",
                                      kv_visit_controller_get_paused_here (self->controller));
      log_detail (self, "visit-paused", fields);
    }
  else if (before == KV_VISIT_PHASE_PAUSED)
    {
      g_autoptr (JsonObject) fields = json_object_new ();
      g_autoptr (GEnumClass) phases = g_type_class_ref (KV_TYPE_VISIT_PHASE);
      GEnumValue *value = g_enum_get_value (phases, phase);

      json_object_set_string_member (fields, "back_to",
                                     value != NULL ? value->value_nick : "unknown");
      log_detail (self, "visit-resumed", fields);
    }
  if (phase == KV_VISIT_PHASE_GOODBYE)
    {
      g_autoptr (JsonObject) fields = json_object_new ();

      set_end_category_member (fields, "end_category",
                               kv_visit_controller_get_end_category (self->controller));
      set_time_member (fields, "end", kv_visit_controller_get_visit_end (self->controller));
      log_detail (self, "goodbye-started", fields);
    }
}

static void
on_end_category_changed (KvTestHooks *self)
{
  g_autoptr (JsonObject) fields = json_object_new ();
  KvEndCategory category = kv_visit_controller_get_end_category (self->controller);

  if (category == KV_END_CATEGORY_NONE)
    return;
  set_end_category_member (fields, "category", category);
  log_detail (self, "end-category", fields);
}

static void
on_visit_end_changed (KvTestHooks *self)
{
  g_autoptr (JsonObject) fields = json_object_new ();

  if (!visit_is_on (kv_visit_controller_get_phase (self->controller)))
    return;
  set_time_member (fields, "end", kv_visit_controller_get_visit_end (self->controller));
  log_detail (self, "visit-end", fields);
}

/* What the switches need before the window: the event log's file and the
 * screenshot folder, so a wrong path stops the kiosk at start-up. */
static gboolean
prepare (KvTestHooks  *self,
         GError      **error)
{
  if (self->event_log_path != NULL)
    {
      self->event_log = kv_event_log_new (self->controller, self->event_log_path, error);
      if (self->event_log == NULL)
        return FALSE;
      self->logged_phase = kv_visit_controller_get_phase (self->controller);
      g_signal_connect_object (self->controller, "notify::phase",
                               G_CALLBACK (on_phase_changed_log_details), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->controller, "notify::end-category",
                               G_CALLBACK (on_end_category_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->controller, "notify::visit-end",
                               G_CALLBACK (on_visit_end_changed), self, G_CONNECT_SWAPPED);
    }
  if (self->staff_script_text != NULL)
    {
      self->staff_script = kv_staff_script_new (self->controller, self->event_log,
                                                self->staff_script_text, error);
      if (self->staff_script == NULL)
        return FALSE;
    }
  /* Screenshots show the child and the parent in prison: only the kiosk's
   * own account may read them. Folders that already exist keep their mode
   * (the operator chose them; it could be /tmp). */
  if (self->screenshot_dir != NULL && g_mkdir_with_parents (self->screenshot_dir, 0700) != 0)
    {
      g_set_error (error, KV_UI_ERROR, KV_UI_ERROR_SCREENSHOT,
                   "Cannot create the screenshot folder %s", self->screenshot_dir);
      return FALSE;
    }
  return TRUE;
}

static void
kv_test_hooks_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KvTestHooks *self = KV_TEST_HOOKS (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    case PROP_AUTO_CONFIRM:
      g_value_set_boolean (value, self->auto_confirm);
      break;
    case PROP_SCREENSHOT_DIR:
      g_value_set_string (value, self->screenshot_dir);
      break;
    case PROP_EVENT_LOG_PATH:
      g_value_set_string (value, self->event_log_path);
      break;
    case PROP_STAFF_SCRIPT:
      g_value_set_string (value, self->staff_script_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_test_hooks_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KvTestHooks *self = KV_TEST_HOOKS (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      self->controller = g_value_dup_object (value);
      break;
    case PROP_AUTO_CONFIRM:
      self->auto_confirm = g_value_get_boolean (value);
      break;
    case PROP_SCREENSHOT_DIR:
      self->screenshot_dir = g_value_dup_string (value);
      break;
    case PROP_EVENT_LOG_PATH:
      self->event_log_path = g_value_dup_string (value);
      break;
    case PROP_STAFF_SCRIPT:
      self->staff_script_text = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_test_hooks_dispose (GObject *object)
{
  KvTestHooks *self = KV_TEST_HOOKS (object);

  stop_screenshots (self);
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_data (self->window, self);
  self->window = NULL;
  g_clear_object (&self->staff_script);
  g_clear_object (&self->event_log);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (kv_test_hooks_parent_class)->dispose (object);
}

static void
kv_test_hooks_finalize (GObject *object)
{
  KvTestHooks *self = KV_TEST_HOOKS (object);

  g_free (self->screenshot_dir);
  g_free (self->event_log_path);
  g_free (self->staff_script_text);
  g_free (self->pending_screenshot);

  G_OBJECT_CLASS (kv_test_hooks_parent_class)->finalize (object);
}

static void
kv_test_hooks_class_init (KvTestHooksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_test_hooks_get_property;
  object_class->set_property = kv_test_hooks_set_property;
  object_class->dispose = kv_test_hooks_dispose;
  object_class->finalize = kv_test_hooks_finalize;

  /**
   * KvTestHooks:controller:
   *
   * The visit controller whose phases are confirmed, pictured and logged.
   */
  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, KV_TYPE_VISIT_CONTROLLER, flags);
  /**
   * KvTestHooks:auto-confirm:
   *
   * Whether presence is confirmed on entering the waiting room (`--auto-confirm`).
   */
  properties[PROP_AUTO_CONFIRM] =
    g_param_spec_boolean ("auto-confirm", NULL, NULL, FALSE, flags);
  /**
   * KvTestHooks:screenshot-dir:
   *
   * Where pictures of the window go (`--screenshot-dir`), or %NULL.
   */
  properties[PROP_SCREENSHOT_DIR] =
    g_param_spec_string ("screenshot-dir", NULL, NULL, NULL, flags);
  /**
   * KvTestHooks:event-log-path:
   *
   * The file the events are appended to (`--event-log`), or %NULL.
   */
  properties[PROP_EVENT_LOG_PATH] =
    g_param_spec_string ("event-log-path", NULL, NULL, NULL, flags);
  /**
   * KvTestHooks:staff-script:
   *
   * What staff do during the first visit (`--staff-script`, see
   * #KvStaffScript), or %NULL.
   */
  properties[PROP_STAFF_SCRIPT] =
    g_param_spec_string ("staff-script", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_test_hooks_init (KvTestHooks *self)
{
}

/**
 * kv_test_hooks_add_options:
 * @application: the kiosk application
 *
 * Adds `--auto-confirm`, `--screenshot-dir`, `--event-log` and
 * `--staff-script` to the application's options.
 */
void
kv_test_hooks_add_options (GApplication *application)
{
  static const GOptionEntry entries[] = {
    { "event-log", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Append one JSON line per phase, cue, sticker and end to FILE"), N_("FILE") },
    { "screenshot-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Save a picture of the window to DIR on every phase change"), N_("DIR") },
    { "auto-confirm", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Confirm presence on entering the waiting room, without staff (demo and tests)"), NULL },
    { "staff-script", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Act as staff during the first visit, at seconds after it went live: steps "
         "ACTION[:CATEGORY]@SECONDS separated by ';', e.g. "
         "pause:child-needs-a-moment@15;resume@27;goodbye-now:finished-early@40 "
         "(actions: pause:CATEGORY, resume, mute, unmute, goodbye-now:CATEGORY, "
         "safeguarding-stop, child-alert)"), N_("SCRIPT") },
    { NULL }
  };

  g_return_if_fail (G_IS_APPLICATION (application));

  g_application_add_main_option_entries (application, entries);
}

/**
 * kv_test_hooks_new:
 * @controller: the visit controller
 * @options: the application's parsed options (see kv_test_hooks_add_options())
 * @error: return location for an error: the event log cannot be opened,
 *   the screenshot folder cannot be made or the staff script is not valid
 *
 * Returns: (transfer full): the hooks, or %NULL
 */
KvTestHooks *
kv_test_hooks_new (KvVisitController  *controller,
                   GVariantDict       *options,
                   GError            **error)
{
  g_autoptr (KvTestHooks) self = NULL;
  g_autofree char *screenshot_dir = NULL;
  g_autofree char *event_log_path = NULL;
  g_autofree char *staff_script = NULL;

  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (controller), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  g_variant_dict_lookup (options, "screenshot-dir", "^ay", &screenshot_dir);
  g_variant_dict_lookup (options, "event-log", "^ay", &event_log_path);
  g_variant_dict_lookup (options, "staff-script", "s", &staff_script);
  self = g_object_new (KV_TYPE_TEST_HOOKS,
                       "controller", controller,
                       "auto-confirm", g_variant_dict_contains (options, "auto-confirm"),
                       "screenshot-dir", screenshot_dir,
                       "event-log-path", event_log_path,
                       "staff-script", staff_script,
                       NULL);
  if (!prepare (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * kv_test_hooks_attach_window:
 * @self: the hooks
 * @window: the kiosk's window, just made
 *
 * Follows the controller's phase from now on; pictures are of @window.
 */
void
kv_test_hooks_attach_window (KvTestHooks *self,
                             KvWindow    *window)
{
  g_return_if_fail (KV_IS_TEST_HOOKS (self));
  g_return_if_fail (KV_IS_WINDOW (window));
  g_return_if_fail (self->window == NULL);

  self->window = window;
  g_signal_connect_object (window, "destroy", G_CALLBACK (on_window_destroyed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::phase", G_CALLBACK (on_phase_changed),
                           self, G_CONNECT_SWAPPED);
}

/**
 * kv_test_hooks_started:
 * @self: the hooks
 *
 * The controller has started: acts on the phase it started in.
 */
void
kv_test_hooks_started (KvTestHooks *self)
{
  g_return_if_fail (KV_IS_TEST_HOOKS (self));

  on_phase_changed (self);
}

/**
 * kv_test_hooks_shutdown:
 * @self: the hooks
 *
 * The application is quitting: no more pictures.
 */
void
kv_test_hooks_shutdown (KvTestHooks *self)
{
  g_return_if_fail (KV_IS_TEST_HOOKS (self));

  stop_screenshots (self);
}
