/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-idle-screen.h"

#include <glib/gi18n.h>

#include "kv-level-meter.h"
#include "kv-paintable-view.h"
#include "kv-ripples.h"
#include "kv-time-until.h"
#include "kv-ui.h"

/**
 * KvIdleScreen:
 *
 * Between visits: who is next and when, as a picture a child understands
 * (sleeps as moons, or a dial of the time left today), and in words for the
 * adults around. With nothing booked, a calm picture says so
 * (scenes/no-visit.svg).
 *
 * For a very young child (#KvScreen:few-words) the moons or the dial and
 * the parent's name, with "Today!" on the day; the sentences go.
 */

struct _KvIdleScreen
{
  KvScreen           parent_instance;

  guint              refresh_alarm;

  GtkWidget         *no_visit_picture;
  GtkWidget         *title_label;
  GtkWidget         *time_until;
  GtkWidget         *when_label;
  GtkWidget         *sleeps_label;
};

G_DEFINE_FINAL_TYPE (KvIdleScreen, kv_idle_screen, KV_TYPE_SCREEN)

/* The picture of "how long until" moves on by itself between visits. */
#define REFRESH_US (30 * G_USEC_PER_SEC)

static void update (KvScreen *screen);

static void
on_refresh_due (gpointer user_data)
{
  KvIdleScreen *self = user_data;

  self->refresh_alarm = 0;
  update (KV_SCREEN (self));
}

static void
update (KvScreen *screen)
{
  KvIdleScreen *self = KV_IDLE_SCREEN (screen);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));
  KvClock *clock = kv_visit_controller_get_clock (controller);
  gint64 start = kv_visit_controller_get_next_visit_start (controller);
  const char *peer = kv_visit_controller_get_peer_label (controller);
  gint64 now = kv_clock_get_now (clock);
  gboolean booked = start > 0;
  gboolean few = kv_screen_get_few_words (screen);

  gtk_widget_set_visible (self->no_visit_picture, !booked);
  gtk_widget_set_visible (self->time_until, booked);

  if (!booked)
    {
      /* No visit, so no child to shorten it for. */
      kv_ui_label_set_words (GTK_LABEL (self->title_label),
                             /* Translators: between visits, when nothing is booked */
                             _("No visit is booked yet"), NULL, FALSE);
      gtk_widget_set_visible (self->when_label, FALSE);
      gtk_widget_set_visible (self->sleeps_label, FALSE);
    }
  else
    {
      guint nights = kv_ui_nights_until (clock, start);
      g_autofree char *title = NULL;
      g_autofree char *when = kv_ui_format_when (clock, start);
      g_autofree char *when_text = NULL;
      g_autofree char *sleeps = NULL;
      g_autofree char *name = kv_ui_isolate_name (peer);

      /* Translators: %s is what the child calls the parent, e.g. "Dad"
       * (or on the prison side, the child's name), as staff typed it */
      title = g_strdup_printf (_("Next visit with %s"), name);
      /* Translators: %s is e.g. "tomorrow at 16:00" */
      when_text = g_strdup_printf (_("The visit is %s"), when);
      if (nights == 0)
        /* Translators: the next visit is today */
        sleeps = g_strdup (_("Today!"));
      else if (kv_visit_controller_get_age_band (controller) == KV_AGE_BAND_13_17)
        /* Translators: for teenagers, who would find "sleeps" babyish */
        sleeps = g_strdup_printf (ngettext ("%u day to go", "%u days to go", nights), nights);
      else
        /* Translators: children count days in sleeps (nights) */
        sleeps = g_strdup_printf (ngettext ("%u sleep to go", "%u sleeps to go", nights), nights);

      kv_ui_label_set_words (GTK_LABEL (self->title_label), title, peer, few);
      kv_ui_label_set_words (GTK_LABEL (self->when_label), when_text, NULL, few);
      /* The moons say how many sleeps; "Today!" is one word. */
      kv_ui_label_set_words (GTK_LABEL (self->sleeps_label), sleeps,
                             nights == 0 ? sleeps : NULL, few);
      kv_time_until_set_time (KV_TIME_UNTIL (self->time_until), nights,
                              MAX (0, start - now) / G_USEC_PER_SEC);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_until),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, sleeps, -1);
    }

  kv_clear_alarm (clock, &self->refresh_alarm);
  self->refresh_alarm = kv_clock_add_alarm (clock, now + REFRESH_US, on_refresh_due, self, NULL);
}

static void
kv_idle_screen_dispose (GObject *object)
{
  KvIdleScreen *self = KV_IDLE_SCREEN (object);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));

  if (controller != NULL)
    kv_clear_alarm (kv_visit_controller_get_clock (controller), &self->refresh_alarm);
  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_IDLE_SCREEN);

  G_OBJECT_CLASS (kv_idle_screen_parent_class)->dispose (object);
}

static void
kv_idle_screen_class_init (KvIdleScreenClass *klass)
{
  static const char * const watched[] = {
    "next-visit-start",
    "peer-label",
    "age-band",
    NULL
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KvScreenClass *screen_class = KV_SCREEN_CLASS (klass);

  object_class->dispose = kv_idle_screen_dispose;
  screen_class->update = update;
  kv_screen_class_set_watched (screen_class, watched);

  g_type_ensure (KV_TYPE_PAINTABLE_VIEW);
  g_type_ensure (KV_TYPE_LEVEL_METER);
  g_type_ensure (KV_TYPE_RIPPLES);
  g_type_ensure (KV_TYPE_TIME_UNTIL);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-idle-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvIdleScreen, no_visit_picture);
  gtk_widget_class_bind_template_child (widget_class, KvIdleScreen, title_label);
  gtk_widget_class_bind_template_child (widget_class, KvIdleScreen, time_until);
  gtk_widget_class_bind_template_child (widget_class, KvIdleScreen, when_label);
  gtk_widget_class_bind_template_child (widget_class, KvIdleScreen, sleeps_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-idle-screen");
}

static void
kv_idle_screen_init (KvIdleScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kv_ui_picture_show_while_mapped (GTK_PICTURE (self->no_visit_picture), "scenes/no-visit.svg");
}

GtkWidget *
kv_idle_screen_new (KvVisitController *controller,
                   KvLanguage        *language)
{
  return g_object_new (KV_TYPE_IDLE_SCREEN,
                       "controller", controller,
                       "language", language,
                       NULL);
}
