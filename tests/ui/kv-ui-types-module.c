/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-ui-types-module"

#include "config.h"

#include "kv-screen.h"

/* Preloaded into gtk4-builder-tool by validate-templates. The tool finds
 * the widget types a template uses by their get_type functions, but a
 * template's parent only by the name of a type already registered: the
 * screens' parent, KvScreen, is registered as the module loads. */

static void register_template_parents (void) __attribute__ ((constructor));

static void
register_template_parents (void)
{
  g_type_ensure (KV_TYPE_SCREEN);
}
