/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean kv_dtls_fingerprint_from_sdp (const char  *sdp,
                                       char       **out_algorithm,
                                       char       **out_fingerprint,
                                       GError     **error);
char    *kv_dtls_fingerprint_of_pem   (const char  *pem,
                                       const char  *algorithm,
                                       GError     **error);
gboolean kv_dtls_verify_certificate   (const char  *pem,
                                       const char  *algorithm,
                                       const char  *fingerprint,
                                       GError     **error);

G_END_DECLS
