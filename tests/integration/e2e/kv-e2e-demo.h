/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The demo waits for the start (up to 80 s), the visit (60 s) and a minute
 * of grace; meson's own timeout (300 s) must never be what stops it. */
#define KV_E2E_DEMO_TIMEOUT_SECONDS 270
/* Share of the screen that must show each of the peer's colours. */
#define KV_E2E_MIN_COLOUR_SHARE 0.02

typedef struct
{
  const char *name;
  guint8      red, green, blue;
} KvE2eColour;

/* One kiosk of the demo and the test pictures it must (not) show. */
typedef struct
{
  const char  *role;
  const char  *peer;
  /* The peer's bars (what this kiosk must show), then its own. */
  KvE2eColour  peer_magenta, peer_cyan, own_magenta;
} KvE2eSide;

extern const KvE2eSide kv_e2e_sides[2];

typedef struct
{
  char       *event;
  gint64      time_us;
  JsonObject *fields;   /* the whole line */
} KvE2eEvent;

/* How much of a picture shows the peer's and the kiosk's own colours. */
typedef struct
{
  double peer_magenta, peer_cyan, own_magenta;
} KvE2eShares;

typedef struct
{
  char        *tmp_dir;
  char        *output;
  GMainLoop   *loop;
  GSubprocess *demo;
  gboolean     demo_done;
  gboolean     timed_out;
  int          demo_status;
  gboolean     with_console;   /* let the demo drive the staff console too */
} KvE2eFixture;

void        kv_e2e_check_failed      (const char    *format,
                                      ...) G_GNUC_PRINTF (1, 2);
gint64      kv_e2e_parse_time        (const char    *text);
void        kv_e2e_fixture_set_up    (KvE2eFixture  *fixture,
                                      gconstpointer  data);
void        kv_e2e_fixture_tear_down (KvE2eFixture  *fixture,
                                      gconstpointer  data);
void        kv_e2e_run_demo          (KvE2eFixture  *fixture,
                                      const char * const *extra_arguments);
GPtrArray  *kv_e2e_load_events       (const char    *output,
                                      const char    *kiosk);
int         kv_e2e_find_event        (GPtrArray     *events,
                                      const char    *name,
                                      int            from);
JsonObject *kv_e2e_load_object       (const char    *output,
                                      const char    *name,
                                      JsonNode     **out_root);
gint64      kv_e2e_time_member       (JsonObject    *object,
                                      const char    *name);
char       *kv_e2e_find_screen       (const char    *output,
                                      const char    *role,
                                      const char    *phase,
                                      const char    *after,
                                      gboolean       latest);
gboolean    kv_e2e_colour_shares     (const char    *path,
                                      const KvE2eSide *side,
                                      KvE2eShares   *shares);
void        kv_e2e_check_nothing_left (const char   *output);

G_END_DECLS
