/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-staff-pin-pad.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kv-kiosk-error.h"
#include "kv-ui.h"

/**
 * KvStaffPinPad:
 *
 * The staff PIN pad, opened by the hidden long press. The typed PIN is
 * shown as dots, never as digits, and never logged. After too many wrong
 * PINs the pad shows how long the lock stays closed, counting down.
 *
 * Its OK key activates the window's "staff.enter-pin" action, so tests and
 * real fingers go the same way.
 */

#define MAX_PIN_DIGITS 12

enum {
  PROP_0,
  PROP_LOCK,
  PROP_CLOCK,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvStaffPinPad
{
  GtkWidget    parent_instance;

  KvStaffLock *lock;
  KvClock     *clock;
  KvLanguage  *language;
  GString     *typed;
  char        *message;
  guint        countdown_alarm;
  GCancellable *cancellable;
  guint        checking_timeout;   /* real time: until "Checking…" shows */

  GtkWidget   *title_label;
  GtkWidget   *dots_label;
  GtkWidget   *keypad;
  GtkWidget   *message_label;
  GtkWidget   *cancel_button;
  GtkWidget   *ok_button;
  GtkWidget   *clear_button;
};

G_DEFINE_FINAL_TYPE (KvStaffPinPad, kv_staff_pin_pad, GTK_TYPE_WIDGET)

static void update (KvStaffPinPad *self);

static void
set_message (KvStaffPinPad *self,
             const char    *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (GTK_LABEL (self->message_label), message != NULL ? message : "");
}

static void
on_countdown_due (gpointer user_data)
{
  KvStaffPinPad *self = user_data;

  self->countdown_alarm = 0;
  update (self);
}

static void
update (KvStaffPinPad *self)
{
  g_autoptr (GString) dots = g_string_new (NULL);

  for (gsize i = 0; i < self->typed->len; i++)
    g_string_append (dots, "● ");
  gtk_label_set_text (GTK_LABEL (self->dots_label), dots->len > 0 ? dots->str : " ");

  /* Translators: title of the staff PIN pad */
  gtk_label_set_text (GTK_LABEL (self->title_label), _("Staff PIN"));
  /* Translators: closes the staff PIN pad */
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("Cancel"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->ok_button),
                                  /* Translators: accessible name of the PIN pad's OK key */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Enter PIN"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->clear_button),
                                  /* Translators: accessible name of the PIN pad's clear key */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Clear"), -1);

  kv_clear_alarm (self->clock, &self->countdown_alarm);
  if (kv_staff_lock_get_checking (self->lock))
    /* One PIN at a time: keys wait for the verdict. */
    gtk_widget_set_sensitive (self->keypad, FALSE);
  else if (kv_staff_lock_get_locked_out (self->lock))
    {
      gint64 left_us = kv_staff_lock_get_locked_until (self->lock) - kv_clock_get_now (self->clock);
      guint left = (guint) MAX (0, (left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      g_autofree char *text = NULL;

      /* Translators: staff PIN lockout countdown, minutes:seconds */
      text = g_strdup_printf (_("Too many wrong PINs. Try again in %u:%02u"), left / 60, left % 60);
      set_message (self, text);
      gtk_widget_set_sensitive (self->keypad, FALSE);
      self->countdown_alarm = kv_clock_add_alarm (self->clock,
                                                  kv_clock_get_now (self->clock) + G_USEC_PER_SEC,
                                                  on_countdown_due, self, NULL);
    }
  else
    gtk_widget_set_sensitive (self->keypad, TRUE);
}

static void
on_digit_clicked (GtkButton     *button,
                  KvStaffPinPad *self)
{
  const char *digit = g_object_get_data (G_OBJECT (button), "kv-digit");

  if (self->typed->len < MAX_PIN_DIGITS)
    g_string_append (self->typed, digit);
  update (self);
}

static void
on_clear_clicked (KvStaffPinPad *self)
{
  g_string_truncate (self->typed, 0);
  update (self);
}

static void
on_ok_clicked (KvStaffPinPad *self)
{
  g_autofree char *pin = g_strdup (self->typed->str);

  /* Wipe our copy at once: the PIN should not linger in memory. */
  memset (self->typed->str, 0, self->typed->len);
  g_string_truncate (self->typed, 0);
  gtk_widget_activate_action (GTK_WIDGET (self), "staff.enter-pin", "s", pin);
  memset (pin, 0, strlen (pin));
}

static GtkWidget *
make_key (KvStaffPinPad *self,
          const char    *label)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "pin-key");
  gtk_widget_set_focus_on_click (button, FALSE);
  return button;
}

static void
build_keypad (KvStaffPinPad *self)
{
  static const char * const digits[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9" };

  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    {
      GtkWidget *key = make_key (self, digits[i]);

      g_object_set_data (G_OBJECT (key), "kv-digit", (gpointer) digits[i]);
      g_signal_connect (key, "clicked", G_CALLBACK (on_digit_clicked), self);
      gtk_grid_attach (GTK_GRID (self->keypad), key, i % 3, i / 3, 1, 1);
    }

  self->clear_button = make_key (self, "⌫");
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (on_clear_clicked), self);
  gtk_grid_attach (GTK_GRID (self->keypad), self->clear_button, 0, 3, 1, 1);

  {
    GtkWidget *zero = make_key (self, "0");

    g_object_set_data (G_OBJECT (zero), "kv-digit", (gpointer) "0");
    g_signal_connect (zero, "clicked", G_CALLBACK (on_digit_clicked), self);
    gtk_grid_attach (GTK_GRID (self->keypad), zero, 1, 3, 1, 1);
  }

  self->ok_button = make_key (self, "OK");
  gtk_widget_add_css_class (self->ok_button, "suggested-action");
  g_signal_connect_swapped (self->ok_button, "clicked", G_CALLBACK (on_ok_clicked), self);
  gtk_grid_attach (GTK_GRID (self->keypad), self->ok_button, 2, 3, 1, 1);
}

static void
kv_staff_pin_pad_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KvStaffPinPad *self = KV_STAFF_PIN_PAD (object);

  switch (prop_id)
    {
    case PROP_LOCK:
      g_value_set_object (value, self->lock);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_LANGUAGE:
      g_value_set_object (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_staff_pin_pad_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KvStaffPinPad *self = KV_STAFF_PIN_PAD (object);

  switch (prop_id)
    {
    case PROP_LOCK:
      self->lock = g_value_dup_object (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      self->language = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A check that takes a moment (a long roster on a busy kiosk) says so;
 * a quick one does not flash the text. Real time: it is about the screen,
 * not the visit's clock. */
#define CHECKING_NOTICE_MS 200

static gboolean
on_checking_timeout (gpointer user_data)
{
  KvStaffPinPad *self = user_data;

  self->checking_timeout = 0;
  if (kv_staff_lock_get_checking (self->lock))
    /* Translators: the staff PIN pad while the PIN is being checked */
    set_message (self, _("Checking…"));
  return G_SOURCE_REMOVE;
}

static void
on_checking_changed (KvStaffPinPad *self)
{
  g_clear_handle_id (&self->checking_timeout, g_source_remove);
  if (kv_staff_lock_get_checking (self->lock))
    self->checking_timeout = g_timeout_add (CHECKING_NOTICE_MS, on_checking_timeout, self);
  update (self);
}

static void
kv_staff_pin_pad_constructed (GObject *object)
{
  KvStaffPinPad *self = KV_STAFF_PIN_PAD (object);

  G_OBJECT_CLASS (kv_staff_pin_pad_parent_class)->constructed (object);

  g_signal_connect_object (self->lock, "notify::locked-out",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lock, "notify::checking",
                           G_CALLBACK (on_checking_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->language, "notify::current",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
kv_staff_pin_pad_dispose (GObject *object)
{
  KvStaffPinPad *self = KV_STAFF_PIN_PAD (object);

  if (self->clock != NULL)
    kv_clear_alarm (self->clock, &self->countdown_alarm);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->checking_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_STAFF_PIN_PAD);
  kv_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->lock);
  g_clear_object (&self->clock);
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_staff_pin_pad_parent_class)->dispose (object);
}

static void
kv_staff_pin_pad_finalize (GObject *object)
{
  KvStaffPinPad *self = KV_STAFF_PIN_PAD (object);

  memset (self->typed->str, 0, self->typed->len);
  g_string_free (self->typed, TRUE);
  g_free (self->message);

  G_OBJECT_CLASS (kv_staff_pin_pad_parent_class)->finalize (object);
}

static void
kv_staff_pin_pad_class_init (KvStaffPinPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_staff_pin_pad_get_property;
  object_class->set_property = kv_staff_pin_pad_set_property;
  object_class->constructed = kv_staff_pin_pad_constructed;
  object_class->dispose = kv_staff_pin_pad_dispose;
  object_class->finalize = kv_staff_pin_pad_finalize;

  properties[PROP_LOCK] =
    g_param_spec_object ("lock", NULL, NULL, KV_TYPE_STAFF_LOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-staff-pin-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, KvStaffPinPad, title_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPinPad, dots_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPinPad, keypad);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPinPad, message_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPinPad, cancel_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-staff-pin-pad");
}

static void
kv_staff_pin_pad_init (KvStaffPinPad *self)
{
  self->typed = g_string_new (NULL);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  build_keypad (self);
}

GtkWidget *
kv_staff_pin_pad_new (KvStaffLock *lock,
                      KvClock     *clock,
                      KvLanguage  *language)
{
  return g_object_new (KV_TYPE_STAFF_PIN_PAD,
                       "lock", lock,
                       "clock", clock,
                       "language", language,
                       NULL);
}

static void
on_pin_checked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (KvStaffPinPad) self = user_data;
  g_autoptr (GError) error = NULL;

  if (kv_staff_lock_try_pin_finish (KV_STAFF_LOCK (source), result, &error))
    {
      set_message (self, NULL);
      update (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Staff PIN refused (%s)", g_quark_to_string (error->domain));
  set_message (self, error->message);
  update (self);
}

/**
 * kv_staff_pin_pad_submit:
 * @pin: what was typed (from a person: anything at all)
 *
 * Tries @pin on the lock, off the main thread, and shows what happened
 * when the check is done. The lock's #KvStaffLock:unlocked says whether
 * it opened.
 */
void
kv_staff_pin_pad_submit (KvStaffPinPad *self,
                         const char    *pin)
{
  g_return_if_fail (KV_IS_STAFF_PIN_PAD (self));

  g_string_truncate (self->typed, 0);
  update (self);
  kv_staff_lock_try_pin_async (self->lock, pin != NULL ? pin : "", self->cancellable,
                               on_pin_checked, g_object_ref (self));
}

void
kv_staff_pin_pad_reset (KvStaffPinPad *self)
{
  g_return_if_fail (KV_IS_STAFF_PIN_PAD (self));

  g_string_truncate (self->typed, 0);
  set_message (self, NULL);
  update (self);
}

/**
 * kv_staff_pin_pad_get_message:
 *
 * Returns: (nullable): what the pad tells staff now (wrong PIN, lockout)
 */
const char *
kv_staff_pin_pad_get_message (KvStaffPinPad *self)
{
  g_return_val_if_fail (KV_IS_STAFF_PIN_PAD (self), NULL);
  return self->message;
}
