/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-kiosk"

#include "config.h"

#include "kv-application.h"

#include <glib/gi18n.h>

#include "kv-cue-player.h"
#include "kv-event-log.h"
#include "kv-kiosk-config.h"
#include "kv-kiosk-enums.h"
#include "kv-media-init.h"
#include "kv-real-clock.h"
#include "kv-signalling-client.h"
#include "kv-sound-player.h"
#include "kv-staff-lock.h"
#include "kv-ui.h"
#include "kv-visit-controller.h"
#include "kv-webrtc-call-factory.h"
#include "kv-window.h"

/**
 * KvApplication:
 *
 * The kiosk's composition root: reads the configuration, makes the real
 * clock, the signalling client, the WebRTC call factory, the visit
 * controller, the staff lock and the window, and wires them together.
 * Nothing else in the kiosk makes its own collaborators, so tests build the
 * same objects with fakes.
 *
 * Options: --config FILE, --windowed (development), --event-log FILE (JSON
 * lines, see #KvEventLog), --screenshot-dir DIR (a PNG of the window on each
 * phase change, and 2 s into the visit so the remote picture is in it),
 * --auto-confirm (confirms presence on entering the waiting room, as staff
 * would; for the demo and unattended tests, never for a real visit room).
 */

/* The screen cross-fades for 500 ms (from its first frame): capture after
 * it settled. */
#define SCREENSHOT_SETTLE_MS 1200
/* Into the visit, so the first remote frames are on screen. */
#define SCREENSHOT_LIVE_MS 2000

struct _KvApplication
{
  GtkApplication     parent_instance;

  char              *config_path;
  gboolean           windowed;
  gboolean           auto_confirm;
  char              *event_log_path;
  char              *screenshot_dir;

  KvKioskConfig     *config;
  KvClock           *clock;
  KvSignaller       *signaller;
  KvCallFactory     *call_factory;
  KvVisitController *controller;
  KvStaffLock       *staff_lock;
  KvEventLog        *event_log;
  KvWindow          *window;
  guint              inhibit_cookie;
  guint              n_screenshots;
  guint              screenshot_id;
  guint              live_screenshot_id;
  KvVisitPhase       shown_phase;         /* as of the last phase change */
  char              *pending_screenshot;  /* phase nick, saved after the next paint */
  GdkFrameClock     *frame_clock;         /* the window's, while watched */
  gulong             after_paint_id;
};

G_DEFINE_FINAL_TYPE (KvApplication, kv_application, GTK_TYPE_APPLICATION)

static void
stop_watching_paints (KvApplication *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

/* Right after a paint, the window's render nodes are the picture on the
 * screen. At any other moment they may be gone: every video frame
 * invalidates them until the next paint, and before the first paint there
 * are none. kv_ui_save_png() then had only its white background to save:
 * 7 of the 13 screenshots of a demo visit (5 of its 8 live ones) were blank
 * white. */
static void
on_after_paint (GdkFrameClock *frame_clock,
                KvApplication *self)
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

static void watch_next_paint (KvApplication *self);

static void
on_window_mapped (KvApplication *self)
{
  g_signal_handlers_disconnect_by_func (self->window, on_window_mapped, self);
  watch_next_paint (self);
}

static void
watch_next_paint (KvApplication *self)
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
save_screenshot (KvApplication *self,
                 KvVisitPhase   phase)
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
  KvApplication *self = user_data;

  self->screenshot_id = 0;
  save_screenshot (self, kv_visit_controller_get_phase (self->controller));
  return G_SOURCE_REMOVE;
}

static gboolean
on_live_screenshot_due (gpointer user_data)
{
  KvApplication *self = user_data;

  self->live_screenshot_id = 0;
  save_screenshot (self, kv_visit_controller_get_phase (self->controller));
  return G_SOURCE_REMOVE;
}

static void
confirm_like_staff (KvApplication *self)
{
  g_autoptr (GError) error = NULL;

  if (!kv_visit_controller_staff_confirm (self->controller, &error))
    g_warning ("Automatic confirmation failed: %s", error->message);
  else
    g_message ("Presence confirmed automatically (--auto-confirm)");
}

static void
on_phase_changed (KvApplication *self)
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
on_window_destroyed (KvApplication *self)
{
  g_clear_handle_id (&self->screenshot_id, g_source_remove);
  g_clear_handle_id (&self->live_screenshot_id, g_source_remove);
  stop_watching_paints (self);
  g_clear_pointer (&self->pending_screenshot, g_free);
  self->window = NULL;
}

static gboolean
build (KvApplication  *self,
       GError        **error)
{
  g_autoptr (GError) media_error = NULL;
  const KvMediaConfig *media;

  self->config = kv_kiosk_config_load (self->config_path, error);
  if (self->config == NULL)
    return FALSE;

  /* Pays the one-time costs (plugins, DTLS certificate) now, not when the
   * first visit starts. A failure is not fatal: the controller shows the
   * kiosk as unavailable when a call cannot be made, and staff see why. */
  if (!kv_media_init (&media_error))
    g_warning ("Media set-up failed: %s", media_error->message);

  self->clock = kv_real_clock_new ();
  self->signaller = KV_SIGNALLER (kv_signalling_client_new_from_config (self->config, self->clock, error));
  if (self->signaller == NULL)
    return FALSE;
  media = kv_kiosk_config_get_media (self->config);
  self->call_factory = KV_CALL_FACTORY (kv_webrtc_call_factory_new (media, self->clock));
  self->controller = kv_visit_controller_new (self->config, self->clock,
                                              self->signaller, self->call_factory);
  self->staff_lock = kv_staff_lock_new (self->clock,
                                        kv_kiosk_config_get_staff_pin_hash (self->config),
                                        kv_kiosk_config_get_pin_attempts (self->config),
                                        kv_kiosk_config_get_pin_lockout_minutes (self->config)
                                        * 60 * G_USEC_PER_SEC);
  if (self->event_log_path != NULL)
    {
      self->event_log = kv_event_log_new (self->controller, self->event_log_path, error);
      if (self->event_log == NULL)
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

static int
kv_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  KvApplication *self = KV_APPLICATION (application);
  g_autoptr (GError) error = NULL;

  g_variant_dict_lookup (options, "config", "^ay", &self->config_path);
  g_variant_dict_lookup (options, "event-log", "^ay", &self->event_log_path);
  g_variant_dict_lookup (options, "screenshot-dir", "^ay", &self->screenshot_dir);
  self->windowed = g_variant_dict_contains (options, "windowed");
  self->auto_confirm = g_variant_dict_contains (options, "auto-confirm");

  if (!build (self, &error))
    {
      g_printerr ("kinvisit-kiosk: %s\n", error->message);
      return EXIT_FAILURE;
    }
  return -1;
}

static void
kv_application_activate (GApplication *application)
{
  KvApplication *self = KV_APPLICATION (application);
  g_autoptr (KvSoundPlayer) speaker = NULL;
  g_autoptr (KvCuePlayer) cues = NULL;

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }

  /* Cue sounds go to the speaker the call uses. */
  speaker = kv_sound_player_new (kv_kiosk_config_get_media (self->config));
  cues = kv_cue_player_new (KV_SOUND_OUTPUT (speaker));
  self->window = kv_window_new (GTK_APPLICATION (self), self->controller, self->config,
                                self->staff_lock, cues, !self->windowed);
  g_signal_connect_object (self->window, "destroy",
                           G_CALLBACK (on_window_destroyed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::phase",
                           G_CALLBACK (on_phase_changed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->window));

  /* A kiosk screen must never blank or lock in the middle of a visit. */
  self->inhibit_cookie = gtk_application_inhibit (GTK_APPLICATION (self), GTK_WINDOW (self->window),
                                                  GTK_APPLICATION_INHIBIT_IDLE |
                                                  GTK_APPLICATION_INHIBIT_SUSPEND,
                                                  /* Translators: why the screen never blanks */
                                                  _("Video visits between children and their parents"));
  kv_visit_controller_start (self->controller);
  on_phase_changed (self);
}

static void
kv_application_shutdown (GApplication *application)
{
  KvApplication *self = KV_APPLICATION (application);

  if (self->controller != NULL)
    kv_visit_controller_shutdown (self->controller);
  if (self->inhibit_cookie != 0)
    {
      gtk_application_uninhibit (GTK_APPLICATION (self), self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
  g_clear_handle_id (&self->screenshot_id, g_source_remove);
  g_clear_handle_id (&self->live_screenshot_id, g_source_remove);
  stop_watching_paints (self);

  G_APPLICATION_CLASS (kv_application_parent_class)->shutdown (application);
}

static void
kv_application_dispose (GObject *object)
{
  KvApplication *self = KV_APPLICATION (object);

  g_clear_object (&self->event_log);
  g_clear_object (&self->controller);
  g_clear_object (&self->staff_lock);
  g_clear_object (&self->call_factory);
  g_clear_object (&self->signaller);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_application_parent_class)->dispose (object);
}

static void
kv_application_finalize (GObject *object)
{
  KvApplication *self = KV_APPLICATION (object);

  g_free (self->config_path);
  g_free (self->event_log_path);
  g_free (self->screenshot_dir);
  g_free (self->pending_screenshot);

  G_OBJECT_CLASS (kv_application_parent_class)->finalize (object);
}

static void
kv_application_class_init (KvApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kv_application_dispose;
  object_class->finalize = kv_application_finalize;
  application_class->handle_local_options = kv_application_handle_local_options;
  application_class->activate = kv_application_activate;
  application_class->shutdown = kv_application_shutdown;
}

static void
kv_application_init (KvApplication *self)
{
  static const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Read the configuration from FILE only"), N_("FILE") },
    { "windowed", 'w', 0, G_OPTION_ARG_NONE, NULL,
      N_("Run in a window, not fullscreen (development)"), NULL },
    { "event-log", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Append one JSON line per phase, cue, sticker and end to FILE"), N_("FILE") },
    { "screenshot-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Save a picture of the window to DIR on every phase change"), N_("DIR") },
    { "auto-confirm", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Confirm presence on entering the waiting room, without staff (demo and tests)"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

KvApplication *
kv_application_new (void)
{
  return g_object_new (KV_TYPE_APPLICATION,
                       "application-id", "org.kinvisit.Kiosk",
                       /* Two kiosks on one machine (the demo) must not
                        * become one: no D-Bus uniqueness. */
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}
