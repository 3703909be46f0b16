/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-booking.h"
#include "kv-site-rules.h"
#include "kv-types.h"

G_BEGIN_DECLS

/* The kiosk <-> server protocol: one JSON object per WebSocket text message.
 * This module is a pure codec (JSON <-> structs, no sockets) so it can be unit
 * tested and fuzzed. docs/protocol.md documents every message. */

/* The newest protocol version this build speaks, and the oldest it still
 * accepts: a server answers each kiosk in the version of its hello. Version
 * 2 added pause, mute and child_alert; version 3 staff_roster and the
 * optional `staff` of confirm, staff_end, pause and mute (see
 * docs/protocol.md). */
#define KV_PROTOCOL_VERSION_CURRENT 3
#define KV_PROTOCOL_VERSION_MIN 1
/* Largest message either side accepts, in bytes. */
#define KV_PROTOCOL_MAX_MESSAGE_SIZE (64 * 1024)
/* Longest SDP body, in bytes (an SDP is the largest field). */
#define KV_PROTOCOL_MAX_SDP_SIZE (48 * 1024)
/* Longest ICE candidate line, in bytes. */
#define KV_PROTOCOL_MAX_CANDIDATE_SIZE 1024
/* Longest free-text field (reasons, error messages), in characters. */
#define KV_PROTOCOL_MAX_TEXT_CHARS 500
/* Longest identifier (booking, kiosk), in bytes: [A-Za-z0-9_-] only. */
#define KV_PROTOCOL_MAX_ID_SIZE 64
/* Most bookings in one schedule message. */
#define KV_PROTOCOL_MAX_SCHEDULE 200
/* Most ICE servers in one join message. */
#define KV_PROTOCOL_MAX_ICE_SERVERS 8
/* Most staff in one staff_roster message: a prison's officers on one site
 * are a few dozen; 250 typical entries (~170 bytes each) stay well within
 * %KV_PROTOCOL_MAX_MESSAGE_SIZE. */
#define KV_PROTOCOL_MAX_ROSTER 250
/* Longest staff display name in a roster, in characters. */
#define KV_PROTOCOL_MAX_STAFF_NAME_CHARS 80
/* Longest IANA time zone name, in bytes ("America/Argentina/ComodRivadavia"
 * is 32). */
#define KV_PROTOCOL_MAX_TIME_ZONE_SIZE 64

#define KV_PROTOCOL_ERROR (kv_protocol_error_quark ())
GQuark kv_protocol_error_quark (void);

/**
 * KvProtocolError:
 * @KV_PROTOCOL_ERROR_MALFORMED: not JSON, or not valid UTF-8
 * @KV_PROTOCOL_ERROR_NOT_AN_OBJECT: the message is not a JSON object
 * @KV_PROTOCOL_ERROR_TOO_LARGE: over %KV_PROTOCOL_MAX_MESSAGE_SIZE
 * @KV_PROTOCOL_ERROR_UNKNOWN_TYPE: no such message type
 * @KV_PROTOCOL_ERROR_MISSING_FIELD: a required field is missing
 * @KV_PROTOCOL_ERROR_WRONG_TYPE: a field has the wrong JSON type
 * @KV_PROTOCOL_ERROR_BAD_VALUE: a field's value is not allowed (unknown enum
 *   name, bad id characters, bad time, out of range)
 * @KV_PROTOCOL_ERROR_TOO_LONG: a string or list is over its limit
 * @KV_PROTOCOL_ERROR_UNSUPPORTED_VERSION: a protocol version we don't speak
 * @KV_PROTOCOL_ERROR_NOT_SIGNED_IN: a message before a successful hello
 * @KV_PROTOCOL_ERROR_FORBIDDEN: not allowed for this kiosk (e.g. sdp into
 *   another kiosk's booking)
 * @KV_PROTOCOL_ERROR_WRONG_DIRECTION: a server-only message sent by a kiosk,
 *   or the other way round
 * @KV_PROTOCOL_ERROR_BAD_TOKEN: sign-in refused
 * @KV_PROTOCOL_ERROR_RATE_LIMITED: too many failures or messages
 * @KV_PROTOCOL_ERROR_INVALID_STATE: not possible in the session's state
 * @KV_PROTOCOL_ERROR_INTERNAL: the server failed; try again
 *
 * Errors of the protocol codec, also sent on the wire in `error` messages
 * (see kv_protocol_error_to_string()).
 */
typedef enum {
  KV_PROTOCOL_ERROR_MALFORMED,
  KV_PROTOCOL_ERROR_NOT_AN_OBJECT,
  KV_PROTOCOL_ERROR_TOO_LARGE,
  KV_PROTOCOL_ERROR_UNKNOWN_TYPE,
  KV_PROTOCOL_ERROR_MISSING_FIELD,
  KV_PROTOCOL_ERROR_WRONG_TYPE,
  KV_PROTOCOL_ERROR_BAD_VALUE,
  KV_PROTOCOL_ERROR_TOO_LONG,
  KV_PROTOCOL_ERROR_UNSUPPORTED_VERSION,
  KV_PROTOCOL_ERROR_NOT_SIGNED_IN,
  KV_PROTOCOL_ERROR_FORBIDDEN,
  KV_PROTOCOL_ERROR_WRONG_DIRECTION,
  KV_PROTOCOL_ERROR_BAD_TOKEN,
  KV_PROTOCOL_ERROR_RATE_LIMITED,
  KV_PROTOCOL_ERROR_INVALID_STATE,
  KV_PROTOCOL_ERROR_INTERNAL,
} KvProtocolError;

const char *kv_protocol_error_to_string   (KvProtocolError code);
gboolean    kv_protocol_error_from_string (const char      *name,
                                           KvProtocolError *out_code);

/**
 * KvMessageType:
 *
 * Every message of the protocol. "K->S" messages are sent by kiosks,
 * "S->K" by the server, "both" in either direction (the server relays them).
 */
typedef enum {
  KV_MESSAGE_HELLO,       /* K->S: sign in (first message) */
  KV_MESSAGE_WELCOME,     /* S->K: signed in */
  KV_MESSAGE_PING,        /* K->S: heartbeat + time sync request */
  KV_MESSAGE_PONG,        /* S->K: heartbeat + server time */
  KV_MESSAGE_SCHEDULE,    /* S->K: the kiosk's bookings for the coming days */
  KV_MESSAGE_JOIN,        /* S->K: join window open: set up the call, media held */
  KV_MESSAGE_PRESENCE,    /* K->S: the kiosk is (or is no longer) in the session */
  KV_MESSAGE_CONFIRM,     /* K->S: staff confirm the person is here */
  KV_MESSAGE_SESSION,     /* S->K: the session's full state (on change and on reconnect) */
  KV_MESSAGE_START,       /* S->K: release media: the visit begins */
  KV_MESSAGE_CUE,         /* S->K: a gentle time cue */
  KV_MESSAGE_GOODBYE,     /* S->K: the protected goodbye begins */
  KV_MESSAGE_END,         /* S->K: the visit is over, with its outcome */
  KV_MESSAGE_STAFF_END,   /* K->S: staff end the visit now, with a reason */
  KV_MESSAGE_MEDIA,       /* K->S: media lost or back (for lost-time accounting) */
  KV_MESSAGE_PAUSE,       /* K->S: staff pause or resume the visit (v2) */
  KV_MESSAGE_MUTE,        /* K->S: staff mute or unmute the sound (v2) */
  KV_MESSAGE_CHILD_ALERT, /* K->S: the child pressed "I'm not OK" (v2) */
  KV_MESSAGE_SDP,         /* both: SDP offer or answer, relayed to the peer kiosk */
  KV_MESSAGE_ICE,         /* both: ICE candidate, relayed to the peer kiosk */
  KV_MESSAGE_ERROR,       /* S->K: a message was refused */
  KV_MESSAGE_STAFF_ROSTER, /* S->K: who may open the staff panel, the site's time zone (v3) */
} KvMessageType;

#define KV_MESSAGE_N_TYPES (KV_MESSAGE_STAFF_ROSTER + 1)

const char *kv_message_type_to_string   (KvMessageType  type);
gboolean    kv_message_type_from_string (const char    *name,
                                         KvMessageType *out_type);
gboolean    kv_message_type_is_from_kiosk  (KvMessageType type);
gboolean    kv_message_type_is_from_server (KvMessageType type);
guint       kv_message_type_get_min_version (KvMessageType type);

typedef struct
{
  guint  version;          /* KV_PROTOCOL_VERSION_CURRENT */
  char  *token;            /* the device token (secret: never logged) */
  char  *software;         /* optional, e.g. "kinvisit-kiosk 0.1.0" */
} KvHello;

typedef struct
{
  guint   version;
  char   *kiosk_id;
  KvRole  role;
  char   *kiosk_label;     /* optional, e.g. "Visit room 2" */
  gint64  server_time_us;
} KvWelcome;

typedef struct
{
  gint64 client_time_us;   /* echoed in the pong, for round-trip and offset */
} KvPing;

typedef struct
{
  gint64 client_time_us;
  gint64 server_time_us;
} KvPong;

typedef struct
{
  gint64     server_time_us;
  GPtrArray *bookings;     /* KvBooking; kiosk ids are not sent (empty strings) */
} KvSchedule;

typedef struct
{
  GPtrArray *urls;         /* char *: stun:, turn: (never turns:) */
  char      *username;     /* optional */
  char      *credential;   /* optional (secret: never logged) */
} KvIceServer;

void kv_ice_server_free (KvIceServer *server);

typedef struct
{
  char      *booking_id;
  gboolean   offerer;      /* the prison kiosk offers, the community kiosk answers */
  gint64     start_us;
  gint64     end_us;       /* including any make-up time */
  gint64     goodbye_us;   /* length of the protected goodbye */
  guint      cues[KV_SITE_RULES_MAX_CUES]; /* cue points, seconds left */
  guint      n_cues;
  GPtrArray *ice_servers;  /* KvIceServer */
} KvJoin;

typedef struct
{
  char     *booking_id;
  gboolean  present;
  gboolean  supervised;    /* optional: a prison kiosk in a supervised room */
} KvPresence;

/* `staff` (v3, optional) in confirm, staff_end, pause and mute: the id of
 * the staff member whose personal PIN opened the kiosk's staff panel; NULL
 * when the site PIN opened it. */
typedef struct
{
  char *booking_id;
  char *staff_id;
} KvConfirm;

typedef struct
{
  char           *booking_id;
  KvSessionState  state;
  gint64          start_us;
  gint64          end_us;        /* effective end, including make-up */
  gint64          goodbye_us;    /* when the goodbye begins */
  KvSideFlags     present;
  KvSideFlags     confirmed;
  gint64          lost_us;
  gint64          makeup_us;
  KvOutcome       outcome;
  KvSideFlags     paused;          /* sides whose staff paused the visit */
  KvPauseCategory pause_category;  /* why, while paused; NONE otherwise */
  KvSideFlags     muted;           /* sides whose staff muted the sound */
  gboolean        supervised;      /* a helper on the prison side sees and hears */
  KvEndCategory   end_category;    /* once staff ended it (goodbye or stop) */
} KvSessionInfo;

typedef struct
{
  char   *booking_id;
  gint64  end_us;
} KvStart;

typedef struct
{
  char     *booking_id;
  guint     seconds_left;
  gboolean  half_way;
} KvCue;

typedef struct
{
  char          *booking_id;
  gint64         end_us;
  KvEndCategory  category;  /* optional: staff started this goodbye early */
} KvGoodbye;

typedef struct
{
  char        *booking_id;
  KvOutcome    outcome;
  KvSideFlags  absent;      /* for no-show */
  char        *reason;      /* optional: staff's reason (never for safeguarding) */
  gint64       lost_us;
  KvEndCategory category;   /* optional: for ended-by-staff */
} KvEnd;

typedef struct
{
  char          *booking_id;
  char          *reason;
  KvEndCategory  category;  /* optional on the wire: NONE = stop at once (v1) */
  char          *staff_id;  /* optional (v3) */
} KvStaffEnd;

typedef struct
{
  char     *booking_id;
  gboolean  flowing;
} KvMedia;

typedef struct
{
  char            *booking_id;
  gboolean         paused;
  KvPauseCategory  category;  /* required when pausing */
  char            *staff_id;  /* optional (v3) */
} KvPause;

typedef struct
{
  char     *booking_id;
  gboolean  muted;
  char     *staff_id;       /* optional (v3) */
} KvMute;

typedef struct
{
  char *booking_id;
} KvChildAlert;

typedef enum {
  KV_SDP_OFFER,
  KV_SDP_ANSWER,
} KvSdpType;

/* SDP and ICE carry a call generation: the call engine rebuilds a call
 * after a media stall, and candidates of an old generation must not reach
 * the new pipeline. */
typedef struct
{
  char      *booking_id;
  guint      generation;
  KvSdpType  sdp_type;
  char      *sdp;
} KvSdp;

typedef struct
{
  char  *booking_id;
  guint  generation;
  guint  mline_index;
  char  *candidate;       /* empty string: end of candidates */
} KvIce;

/**
 * KvRosterEntry:
 * @id: the staff member's account id
 * @name: their display name, shown on the staff panel
 * @pin_hash: their personal PIN's hash (kv-pin format, Argon2id)
 *
 * One person who may open a kiosk's staff panel with their own PIN.
 */
typedef struct
{
  char *id;
  char *name;
  char *pin_hash;
} KvRosterEntry;

KvRosterEntry *kv_roster_entry_new  (const char          *id,
                                     const char          *name,
                                     const char          *pin_hash);
KvRosterEntry *kv_roster_entry_copy (const KvRosterEntry *entry);
void           kv_roster_entry_free (KvRosterEntry       *entry);

typedef struct
{
  char      *time_zone;    /* optional: the site's IANA zone, e.g. "Europe/Zagreb" */
  GPtrArray *staff;        /* KvRosterEntry, ids unique */
} KvRoster;

typedef struct
{
  KvProtocolError  code;
  char            *message;      /* for people; English */
  char            *in_reply_to;  /* optional: the refused message's type */
} KvErrorMessage;

/**
 * KvMessage:
 * @type: which message this is; selects the member of the union
 *
 * One protocol message. Create with kv_message_new() and fill the member
 * matching @type, or get one from kv_message_parse().
 */
typedef struct
{
  KvMessageType type;
  union {
    KvHello        hello;
    KvWelcome      welcome;
    KvPing         ping;
    KvPong         pong;
    KvSchedule     schedule;
    KvJoin         join;
    KvPresence     presence;
    KvConfirm      confirm;
    KvSessionInfo  session;
    KvStart        start;
    KvCue          cue;
    KvGoodbye      goodbye;
    KvEnd          end;
    KvStaffEnd     staff_end;
    KvMedia        media;
    KvPause        pause;
    KvMute         mute;
    KvChildAlert   child_alert;
    KvSdp          sdp;
    KvIce          ice;
    KvErrorMessage error;
    KvRoster       staff_roster;
  };
} KvMessage;

#define KV_TYPE_MESSAGE (kv_message_get_type ())
GType       kv_message_get_type   (void) G_GNUC_CONST;

KvMessage  *kv_message_new        (KvMessageType    type);
void        kv_message_free       (KvMessage       *message);
KvMessage  *kv_message_copy       (const KvMessage *message);

KvMessage  *kv_message_parse      (const char      *data,
                                   gsize            length,
                                   GError         **error);
char       *kv_message_serialize  (const KvMessage *message,
                                   gsize           *out_length);
const char *kv_message_get_booking_id (const KvMessage *message);
const char *kv_message_get_staff_id   (const KvMessage *message);
gboolean    kv_message_set_staff_id   (KvMessage       *message,
                                       const char      *staff_id);
gboolean    kv_protocol_is_valid_time_zone (const char *name);

/* Convenience constructors for the messages sent most often. */
KvMessage  *kv_message_new_error  (KvProtocolError  code,
                                   const char      *in_reply_to,
                                   const char      *format,
                                   ...) G_GNUC_PRINTF (3, 4);
KvMessage  *kv_message_new_error_from_gerror (const GError *error,
                                              const char   *in_reply_to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvMessage, kv_message_free)

G_END_DECLS
