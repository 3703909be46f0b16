/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-console-files.h"

#include "kv-console-resources.h"

#include <string.h>

/**
 * KvConsoleFiles:
 *
 * The staff console's files: plain HTML, CSS, JavaScript modules and the
 * language catalogues, compiled into the server (app/server/console), so
 * nothing is fetched from anywhere else and nothing is built in a browser.
 * `GET /console` is the page; `GET /console/<file>` one of its files.
 *
 * Every answer carries a strict Content-Security-Policy (only this
 * server's own scripts, styles and connections, no inline script, no
 * framing), `nosniff` and no referrer; files are revalidated with an ETag
 * (`Cache-Control: no-cache`), so a server upgrade reaches every open
 * browser at its next load without stale modules mixing with new ones.
 */

#define RESOURCE_ROOT "/org/kinvisit/console"

/* 'self' only; no inline script or style, no plug-ins, no <base>, no
 * framing (clickjacking a "end this visit" button). */
#define CONTENT_SECURITY_POLICY                                                   \
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "     \
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "     \
  "form-action 'self'; frame-ancestors 'none'"

struct _KvConsoleFiles
{
  GObject     parent_instance;

  GResource  *resource;
  GHashTable *etags;    /* resource path -> "\"sha256\"" */
};

G_DEFINE_FINAL_TYPE (KvConsoleFiles, kv_console_files, G_TYPE_OBJECT)

static const char *
content_type_for (const char *name)
{
  static const struct { const char *suffix, *type; } types[] = {
    { ".html", "text/html; charset=utf-8" },
    { ".css",  "text/css; charset=utf-8" },
    { ".js",   "text/javascript; charset=utf-8" },
    { ".json", "application/json" },
    { ".svg",  "image/svg+xml" },
    { ".png",  "image/png" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_has_suffix (name, types[i].suffix))
      return types[i].type;
  return NULL;
}

/**
 * kv_console_files_add_security_headers:
 * @message: a response of the console (or its API)
 *
 * The headers every console answer carries.
 */
void
kv_console_files_add_security_headers (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (headers, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Cross-Origin-Opener-Policy", "same-origin");
}

static void
respond_plain (SoupServerMessage *message,
               guint              status,
               const char        *text)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

/* "/console" or "/console/" -> index.html; "/console/js/app.js" ->
 * js/app.js. NULL for anything that is not a plain relative name: no
 * "..", no empty or hidden segment, nothing but [A-Za-z0-9._-/]. */
static char *
resource_name_for (const char *path)
{
  const char *rest;
  g_auto(GStrv) segments = NULL;

  if (!g_str_has_prefix (path, KV_CONSOLE_PATH))
    return NULL;
  rest = path + strlen (KV_CONSOLE_PATH);
  if (*rest == '\0' || g_str_equal (rest, "/"))
    return g_strdup ("index.html");
  if (*rest != '/')
    return NULL;
  rest++;
  for (const char *c = rest; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '.' && *c != '_' && *c != '-' && *c != '/')
      return NULL;
  segments = g_strsplit (rest, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    if (*segments[i] == '\0' || *segments[i] == '.')
      return NULL;
  return g_strdup (rest);
}

static const char *
lookup_etag (KvConsoleFiles *self,
             const char     *resource_path,
             GBytes         *bytes)
{
  const char *etag = g_hash_table_lookup (self->etags, resource_path);

  if (etag == NULL)
    {
      g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      char *value = g_strdup_printf ("\"%.32s\"", digest);

      g_hash_table_insert (self->etags, g_strdup (resource_path), value);
      etag = value;
    }
  return etag;
}

static void
kv_console_files_finalize (GObject *object)
{
  KvConsoleFiles *self = KV_CONSOLE_FILES (object);

  g_hash_table_unref (self->etags);

  G_OBJECT_CLASS (kv_console_files_parent_class)->finalize (object);
}

static void
kv_console_files_class_init (KvConsoleFilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kv_console_files_finalize;
}

static void
kv_console_files_init (KvConsoleFiles *self)
{
  static gsize registered = 0;

  /* Compiled in, registered once and never unregistered: static data.
   * Looked up in this resource only, never through the global resource
   * namespace. */
  if (g_once_init_enter (&registered))
    {
      kv_console_register_resource ();
      g_once_init_leave (&registered, 1);
    }
  self->resource = kv_console_get_resource ();
  self->etags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

KvConsoleFiles *
kv_console_files_new (void)
{
  return g_object_new (KV_TYPE_CONSOLE_FILES, NULL);
}

/**
 * kv_console_files_handle:
 * @self: a #KvConsoleFiles
 * @message: a request under %KV_CONSOLE_PATH
 * @path: its path
 *
 * Answers with the file, 304 when the browser has it already, 404 for
 * anything that is not one of the console's files, 405 for anything but
 * GET and HEAD.
 */
void
kv_console_files_handle (KvConsoleFiles    *self,
                         SoupServerMessage *message,
                         const char        *path)
{
  const char *method = soup_server_message_get_method (message);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);
  g_autofree char *name = NULL;
  g_autofree char *resource_path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *content_type, *etag, *if_none_match;

  g_return_if_fail (KV_IS_CONSOLE_FILES (self));

  kv_console_files_add_security_headers (message);
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      soup_message_headers_replace (response_headers, "Allow", "GET, HEAD");
      respond_plain (message, SOUP_STATUS_METHOD_NOT_ALLOWED, "Only GET and HEAD\n");
      return;
    }
  /* The page's own URL without the slash: its relative links need one. */
  if (g_str_equal (path, KV_CONSOLE_PATH))
    {
      soup_server_message_set_redirect (message, SOUP_STATUS_MOVED_PERMANENTLY,
                                        KV_CONSOLE_PATH "/");
      return;
    }

  name = resource_name_for (path);
  content_type = name != NULL ? content_type_for (name) : NULL;
  if (content_type != NULL)
    {
      resource_path = g_strconcat (RESOURCE_ROOT "/", name, NULL);
      bytes = g_resource_lookup_data (self->resource, resource_path,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    }
  if (bytes == NULL)
    {
      respond_plain (message, SOUP_STATUS_NOT_FOUND, "No such console file\n");
      return;
    }

  etag = lookup_etag (self, resource_path, bytes);
  soup_message_headers_replace (response_headers, "ETag", etag);
  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");
  if_none_match = soup_message_headers_get_one (request_headers, "If-None-Match");
  if (if_none_match != NULL && strstr (if_none_match, etag) != NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}
