/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-staff-sheet.h"

#include "kv-ui.h"

/**
 * KvStaffSheet:
 *
 * The staff layer over the child's screen: first the PIN pad, then the
 * staff panel. Left untouched for a minute (on the visit's clock) it closes
 * and locks again, so a forgotten panel never stays open for a child. The
 * visit underneath goes on.
 */

enum {
  PROP_0,
  PROP_CONTROLLER,
  PROP_LOCK,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvStaffSheet
{
  GtkWidget          parent_instance;

  KvVisitController *controller;
  KvStaffLock       *lock;
  KvLanguage        *language;
  guint              idle_alarm;

  GtkWidget         *stack;
  GtkWidget         *pin_pad;
  GtkWidget         *panel;
};

G_DEFINE_FINAL_TYPE (KvStaffSheet, kv_staff_sheet, GTK_TYPE_WIDGET)

static KvClock *
get_clock (KvStaffSheet *self)
{
  return kv_visit_controller_get_clock (self->controller);
}

static void
on_idle (gpointer user_data)
{
  KvStaffSheet *self = user_data;

  self->idle_alarm = 0;
  g_debug ("Staff sheet left alone: locking again");
  kv_staff_sheet_close (self);
}

static void
touch (KvStaffSheet *self)
{
  KvClock *clock = get_clock (self);

  kv_clear_alarm (clock, &self->idle_alarm);
  self->idle_alarm = kv_clock_add_alarm (clock, kv_clock_get_now (clock) + KV_STAFF_SHEET_IDLE_US,
                                         on_idle, self, NULL);
}

static void
kv_staff_sheet_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KvStaffSheet *self = KV_STAFF_SHEET (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    case PROP_LOCK:
      g_value_set_object (value, self->lock);
      break;
    case PROP_LANGUAGE:
      g_value_set_object (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_staff_sheet_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KvStaffSheet *self = KV_STAFF_SHEET (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      self->controller = g_value_dup_object (value);
      break;
    case PROP_LOCK:
      self->lock = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      self->language = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The PIN is checked off the main thread: the panel shows when the lock
 * says it opened. */
static void
on_unlocked_changed (KvStaffSheet *self)
{
  if (!kv_staff_lock_get_unlocked (self->lock) || !gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  g_debug ("Staff unlocked the kiosk");
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->panel);
  touch (self);
}

static void
kv_staff_sheet_constructed (GObject *object)
{
  KvStaffSheet *self = KV_STAFF_SHEET (object);

  G_OBJECT_CLASS (kv_staff_sheet_parent_class)->constructed (object);

  self->pin_pad = kv_staff_pin_pad_new (self->lock, get_clock (self), self->language);
  self->panel = kv_staff_panel_new (self->controller, self->lock, self->language);
  gtk_stack_add_named (GTK_STACK (self->stack), self->pin_pad, "pin");
  gtk_stack_add_named (GTK_STACK (self->stack), self->panel, "panel");
  g_signal_connect_object (self->lock, "notify::unlocked",
                           G_CALLBACK (on_unlocked_changed), self, G_CONNECT_SWAPPED);
}

static void
kv_staff_sheet_dispose (GObject *object)
{
  KvStaffSheet *self = KV_STAFF_SHEET (object);

  if (self->controller != NULL)
    kv_clear_alarm (get_clock (self), &self->idle_alarm);
  kv_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->controller);
  g_clear_object (&self->lock);
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_staff_sheet_parent_class)->dispose (object);
}

static void
kv_staff_sheet_class_init (KvStaffSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_staff_sheet_get_property;
  object_class->set_property = kv_staff_sheet_set_property;
  object_class->constructed = kv_staff_sheet_constructed;
  object_class->dispose = kv_staff_sheet_dispose;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, KV_TYPE_VISIT_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCK] =
    g_param_spec_object ("lock", NULL, NULL, KV_TYPE_STAFF_LOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-staff-sheet");
}

static void
kv_staff_sheet_init (KvStaffSheet *self)
{
  self->stack = g_object_new (GTK_TYPE_STACK,
                              "hhomogeneous", FALSE,
                              "vhomogeneous", FALSE,
                              "halign", GTK_ALIGN_CENTER,
                              "valign", GTK_ALIGN_CENTER,
                              NULL);
  gtk_widget_add_css_class (self->stack, "staff-card");
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "staff-sheet");
  /* Behind the PIN: none of the children's rules for its controls. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "staff-only");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kv_staff_sheet_new (KvVisitController *controller,
                    KvStaffLock       *lock,
                    KvLanguage        *language)
{
  return g_object_new (KV_TYPE_STAFF_SHEET,
                       "controller", controller,
                       "lock", lock,
                       "language", language,
                       NULL);
}

/**
 * kv_staff_sheet_open:
 *
 * Shows the PIN pad, or the panel if the lock is still open.
 */
void
kv_staff_sheet_open (KvStaffSheet *self)
{
  g_return_if_fail (KV_IS_STAFF_SHEET (self));

  gtk_stack_set_visible_child (GTK_STACK (self->stack),
                               kv_staff_lock_get_unlocked (self->lock) ? self->panel : self->pin_pad);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  touch (self);
}

/**
 * kv_staff_sheet_submit_pin:
 * @pin: what staff typed (anything)
 *
 * Has the PIN checked; the panel shows when the lock opens (the check runs
 * off the main thread: see #KvStaffLock:checking).
 */
void
kv_staff_sheet_submit_pin (KvStaffSheet *self,
                           const char   *pin)
{
  g_return_if_fail (KV_IS_STAFF_SHEET (self));

  touch (self);
  kv_staff_pin_pad_submit (KV_STAFF_PIN_PAD (self->pin_pad), pin);
}

/**
 * kv_staff_sheet_report:
 * @done: what to tell staff when it worked
 * @error: (nullable): why it did not
 *
 * Shows the outcome of a staff action on the panel.
 */
void
kv_staff_sheet_report (KvStaffSheet *self,
                       gboolean      ok,
                       const char   *done,
                       const GError *error)
{
  g_return_if_fail (KV_IS_STAFF_SHEET (self));

  touch (self);
  kv_staff_panel_set_status (KV_STAFF_PANEL (self->panel),
                             ok || error == NULL ? done : error->message);
}

/**
 * kv_staff_sheet_close:
 *
 * Hides the sheet and locks staff controls again.
 */
void
kv_staff_sheet_close (KvStaffSheet *self)
{
  g_return_if_fail (KV_IS_STAFF_SHEET (self));

  kv_clear_alarm (get_clock (self), &self->idle_alarm);
  kv_staff_lock_lock (self->lock);
  kv_staff_pin_pad_reset (KV_STAFF_PIN_PAD (self->pin_pad));
  kv_staff_panel_set_status (KV_STAFF_PANEL (self->panel), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * kv_staff_sheet_get_page:
 *
 * Returns: (nullable): "pin" or "panel" while open
 */
const char *
kv_staff_sheet_get_page (KvStaffSheet *self)
{
  g_return_val_if_fail (KV_IS_STAFF_SHEET (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return NULL;
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

KvStaffPinPad *
kv_staff_sheet_get_pin_pad (KvStaffSheet *self)
{
  g_return_val_if_fail (KV_IS_STAFF_SHEET (self), NULL);
  return KV_STAFF_PIN_PAD (self->pin_pad);
}

KvStaffPanel *
kv_staff_sheet_get_panel (KvStaffSheet *self)
{
  g_return_val_if_fail (KV_IS_STAFF_SHEET (self), NULL);
  return KV_STAFF_PANEL (self->panel);
}
