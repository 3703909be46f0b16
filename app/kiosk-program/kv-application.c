/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-kiosk"

#include "config.h"

#include "kv-application.h"

#include <glib/gi18n.h>

#include "kv-cue-player.h"
#include "kv-kiosk-config.h"
#include "kv-media-init.h"
#include "kv-real-clock.h"
#include "kv-signalling-client.h"
#include "kv-sound-player.h"
#include "kv-staff-lock.h"
#if KV_WITH_TEST_HOOKS
#include "kv-test-hooks.h"
#endif
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
 * Options: --config FILE, --windowed (development). A build with
 * `-Dtest_hooks=true` adds the demo's and the tests' switches (#KvTestHooks);
 * the production kiosk has none.
 */

struct _KvApplication
{
  GtkApplication     parent_instance;

  char              *config_path;
  gboolean           windowed;

  KvKioskConfig     *config;
  KvClock           *clock;
  KvSignaller       *signaller;
  KvCallFactory     *call_factory;
  KvVisitController *controller;
  KvStaffLock       *staff_lock;
  KvStaffRoster     *staff_roster;
#if KV_WITH_TEST_HOOKS
  KvTestHooks       *test_hooks;
#endif
  KvWindow          *window;
  guint              inhibit_cookie;
};

G_DEFINE_FINAL_TYPE (KvApplication, kv_application, GTK_TYPE_APPLICATION)

static void
on_window_destroyed (KvApplication *self)
{
  self->window = NULL;
}

static gboolean
build (KvApplication  *self,
       GVariantDict   *options,
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
  /* Loaded now from the last roster kept: personal PINs work before (or
   * without) the server's answer. */
  self->staff_roster = kv_staff_roster_new (self->signaller,
                                            kv_kiosk_config_get_roster_file (self->config));
  self->staff_lock = kv_staff_lock_new (self->clock,
                                        kv_kiosk_config_get_staff_pin_hash (self->config),
                                        self->staff_roster,
                                        kv_kiosk_config_get_pin_attempts (self->config),
                                        kv_kiosk_config_get_pin_lockout_minutes (self->config)
                                        * 60 * G_USEC_PER_SEC);
#if KV_WITH_TEST_HOOKS
  self->test_hooks = kv_test_hooks_new (self->controller, options, error);
  if (self->test_hooks == NULL)
    return FALSE;
#endif
  return TRUE;
}

static int
kv_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  KvApplication *self = KV_APPLICATION (application);
  g_autoptr (GError) error = NULL;

  g_variant_dict_lookup (options, "config", "^ay", &self->config_path);
  self->windowed = g_variant_dict_contains (options, "windowed");

  if (!build (self, options, &error))
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
#if KV_WITH_TEST_HOOKS
  kv_test_hooks_attach_window (self->test_hooks, self->window);
#endif
  gtk_window_present (GTK_WINDOW (self->window));

  /* A kiosk screen must never blank or lock in the middle of a visit. */
  self->inhibit_cookie = gtk_application_inhibit (GTK_APPLICATION (self), GTK_WINDOW (self->window),
                                                  GTK_APPLICATION_INHIBIT_IDLE |
                                                  GTK_APPLICATION_INHIBIT_SUSPEND,
                                                  /* Translators: why the screen never blanks */
                                                  _("Video visits between children and their parents"));
  kv_visit_controller_start (self->controller);
#if KV_WITH_TEST_HOOKS
  kv_test_hooks_started (self->test_hooks);
#endif
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
#if KV_WITH_TEST_HOOKS
  if (self->test_hooks != NULL)
    kv_test_hooks_shutdown (self->test_hooks);
#endif

  G_APPLICATION_CLASS (kv_application_parent_class)->shutdown (application);
}

static void
kv_application_dispose (GObject *object)
{
  KvApplication *self = KV_APPLICATION (object);

#if KV_WITH_TEST_HOOKS
  g_clear_object (&self->test_hooks);
#endif
  g_clear_object (&self->controller);
  g_clear_object (&self->staff_lock);
  g_clear_object (&self->staff_roster);
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
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
#if KV_WITH_TEST_HOOKS
  kv_test_hooks_add_options (G_APPLICATION (self));
#endif
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
