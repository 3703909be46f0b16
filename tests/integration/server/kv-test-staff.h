/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-test-server.h"

G_BEGIN_DECLS

/* For the staff tests: admin requests with a session cookie and CSRF
 * token, the reply's headers, accounts and sign-ins. */

/**
 * KvTestReply:
 * @status: the HTTP status
 * @body: (nullable): the reply's JSON, %NULL if it had none
 * @headers: the reply's headers
 */
typedef struct
{
  guint               status;
  JsonNode           *body;
  SoupMessageHeaders *headers;
} KvTestReply;

void        kv_test_reply_clear        (KvTestReply  *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KvTestReply, kv_test_reply_clear)

void        kv_test_request            (KvTestServer *server,
                                        const char   *method,
                                        const char   *path,
                                        const char   *json_body,
                                        const char   *token,
                                        const char   *cookie,
                                        const char   *csrf_token,
                                        KvTestReply  *out_reply);
void        kv_test_request_as_type    (KvTestServer *server,
                                        const char   *method,
                                        const char   *path,
                                        const char   *content_type,
                                        const char   *body,
                                        const char   *token,
                                        const char   *cookie,
                                        const char   *csrf_token,
                                        KvTestReply  *out_reply);
const char *kv_test_reply_error_code   (KvTestReply  *reply);
const char *kv_test_reply_error_field  (KvTestReply  *reply);
const char *kv_test_reply_error_message (KvTestReply *reply);

void        kv_test_staff_add          (KvTestServer *server,
                                        const char   *id,
                                        const char   *roles_json,
                                        const char   *sites_json,
                                        const char   *password);
gboolean    kv_test_staff_sign_in      (KvTestServer *server,
                                        const char   *id,
                                        const char   *password,
                                        char        **out_cookie,
                                        char        **out_csrf_token);
void        kv_test_add_site           (KvTestServer *server,
                                        const char   *id);
void        kv_test_run_ctl_input      (KvTestServer *server,
                                        const char   *token_file,
                                        const char   *config_home,
                                        const char   *input,
                                        KvTestRun    *run,
                                        const char   *first,
                                        ...) G_GNUC_NULL_TERMINATED;
guint       kv_test_count_audit        (KvTestServer *server,
                                        const char   *actor,
                                        const char   *action,
                                        const char   *details_prefix);

G_END_DECLS
