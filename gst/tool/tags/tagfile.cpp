/* gst-drmeter: a file's names and DR tags, read and written with TagLib.
 *
 * C++ only because TagLib 1.13's C binding reaches no custom field; the
 * rest of the scanner sees tagfile.h. Every container's usual place for a
 * custom field: Vorbis comments (FLAC, Ogg Vorbis, Opus), ID3v2 TXXX
 * frames (MP3, TTA, and the ID3v2 chunk of WAV and AIFF), MP4 freeform atoms
 * "----:com.apple.iTunes:NAME", APEv2 items (WavPack, Monkey's Audio,
 * Musepack). The names are read through TagLib's PropertyMap, the same
 * for every format it knows (TTA, DSF, WMA, Speex ... too), so that the
 * scanner reads names with the library that writes its tags. The code
 * builds with TagLib 1.13 and 2. No exception leaves this file.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>

#include <taglib/aifffile.h>
#include <taglib/apefile.h>
#include <taglib/apetag.h>
#include <taglib/fileref.h>
#include <taglib/flacfile.h>
#include <taglib/infotag.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4file.h>
#include <taglib/mpcfile.h>
#include <taglib/mpegfile.h>
#include <taglib/opusfile.h>
#include <taglib/tdebuglistener.h>
#include <taglib/tpropertymap.h>
#include <taglib/textidentificationframe.h>
#include <taglib/trueaudiofile.h>
#include <taglib/vorbisfile.h>
#include <taglib/wavfile.h>
#include <taglib/wavpackfile.h>
#include <taglib/xiphcomment.h>

#include "tagfile.h"

using namespace TagLib;

namespace {

/* TagLib's warnings ("Invalid ID3v2 frame...") are not the user's: the
 * scanner says in its own words what went wrong. */
class Quiet : public DebugListener
{
public:
  void printMessage (const String &) override
  {
  }
};

Quiet quiet;

/* One tag block of the file, by field name. */
class Fields
{
public:
  virtual ~Fields () = default;
  virtual StringList get (const String & name) = 0;
  virtual void remove (const String & name) = 0;
  virtual void add (const String & name, const String & value) = 0;
  /* every field's name, as stored */
  virtual StringList names () = 0;
};

class XiphFields : public Fields
{
  Ogg::XiphComment *t;
public:
  explicit XiphFields (Ogg::XiphComment * x) : t (x)
  {
  }
  /* field names are case-insensitive; TagLib keeps them upper case */
  StringList get (const String & name) override
  {
    const Ogg::FieldListMap & m = t->fieldListMap ();
    auto it = m.find (name.upper ());
    return it == m.end () ? StringList () : it->second;
  }
  void remove (const String & name) override
  {
    t->removeFields (name.upper ());
  }
  void add (const String & name, const String & value) override
  {
    t->addField (name, value, false);
  }
  StringList names () override
  {
    StringList out;
    const Ogg::FieldListMap & m = t->fieldListMap ();

    for (auto it = m.begin (); it != m.end (); ++it)
      out.append (it->first);
    return out;
  }
};

class Id3v2Fields : public Fields
{
  ID3v2::Tag *t;

  List<ID3v2::UserTextIdentificationFrame *> find (const String & name)
  {
    List<ID3v2::UserTextIdentificationFrame *> out;
    const ID3v2::FrameList & l = t->frameList ("TXXX");

    for (auto it = l.begin (); it != l.end (); ++it) {
      auto *f = dynamic_cast<ID3v2::UserTextIdentificationFrame *> (*it);
      if (f && f->description ().upper () == name.upper ())
        out.append (f);
    }
    return out;
  }
public:
  explicit Id3v2Fields (ID3v2::Tag * x) : t (x)
  {
  }
  StringList get (const String & name) override
  {
    StringList out;
    auto frames = find (name);

    /* a TXXX frame's field list is its description, then its values */
    for (auto it = frames.begin (); it != frames.end (); ++it) {
      StringList l = (*it)->fieldList ();
      for (unsigned i = 1; i < l.size (); i++)
        out.append (l[i]);
      if (l.size () < 2)
        out.append (String ());
    }
    return out;
  }
  void remove (const String & name) override
  {
    auto frames = find (name);

    for (auto it = frames.begin (); it != frames.end (); ++it)
      t->removeFrame (*it, true);
  }
  void add (const String & name, const String & value) override
  {
    t->addFrame (new ID3v2::UserTextIdentificationFrame (name,
            StringList (value), String::Latin1));
  }
  StringList names () override
  {
    StringList out;
    const ID3v2::FrameList & l = t->frameList ("TXXX");

    for (auto it = l.begin (); it != l.end (); ++it) {
      auto *f = dynamic_cast<ID3v2::UserTextIdentificationFrame *> (*it);
      if (f)
        out.append (f->description ());
    }
    return out;
  }
};

class Mp4Fields : public Fields
{
  MP4::Tag *t;

  static String key (const String & name)
  {
    return "----:com.apple.iTunes:" + name;
  }
  StringList keys (const String & name)
  {
    StringList out;
    const MP4::ItemMap & m = t->itemMap ();

    for (auto it = m.begin (); it != m.end (); ++it)
      if (it->first.upper () == key (name).upper ())
        out.append (it->first);
    return out;
  }
public:
  explicit Mp4Fields (MP4::Tag * x) : t (x)
  {
  }
  StringList get (const String & name) override
  {
    StringList out, k = keys (name);

    for (auto it = k.begin (); it != k.end (); ++it)
      out.append (t->item (*it).toStringList ());
    return out;
  }
  void remove (const String & name) override
  {
    StringList k = keys (name);

    for (auto it = k.begin (); it != k.end (); ++it)
      t->removeItem (*it);
  }
  void add (const String & name, const String & value) override
  {
    t->setItem (key (name), MP4::Item (StringList (value)));
  }
  StringList names () override
  {
    StringList out;
    const MP4::ItemMap & m = t->itemMap ();
    const String prefix = key ("").upper ();

    for (auto it = m.begin (); it != m.end (); ++it)
      if (it->first.upper ().startsWith (prefix))
        out.append (it->first.substr (prefix.size ()));
    return out;
  }
};

class ApeFields : public Fields
{
  APE::Tag *t;
public:
  explicit ApeFields (APE::Tag * x) : t (x)
  {
  }
  /* APE keys are case-insensitive; TagLib's map has them upper case */
  StringList get (const String & name) override
  {
    const APE::ItemListMap & m = t->itemListMap ();
    auto it = m.find (name.upper ());
    return it == m.end () ? StringList () : it->second.values ();
  }
  void remove (const String & name) override
  {
    t->removeItem (name);
  }
  void add (const String & name, const String & value) override
  {
    t->addValue (name, value, true);
  }
  StringList names () override
  {
    StringList out;
    const APE::ItemListMap & m = t->itemListMap ();

    for (auto it = m.begin (); it != m.end (); ++it)
      out.append (it->first);
    return out;
  }
};

ID3v2::Version
id3v2_version (ID3v2::Tag * t)
{
  /* keep a v2.3 tag v2.3 (some players read no v2.4) */
  return t->header ()->majorVersion () == 3 ? ID3v2::v3 : ID3v2::v4;
}

/* An open file, its DR fields and how to save it. */
struct Opened
{
  std::unique_ptr<File> file;
  std::unique_ptr<Fields> fields;
  /* nullptr: file->save () */
  bool (*save) (File * f) = nullptr;
};

bool
save_mp3 (File * f)
{
  auto *m = static_cast<MPEG::File *> (f);
  return m->save (MPEG::File::ID3v2, File::StripNone,
      id3v2_version (m->ID3v2Tag (true)), File::DoNotDuplicate);
}

bool
save_wav (File * f)
{
  auto *w = static_cast<RIFF::WAV::File *> (f);
  return w->save (RIFF::WAV::File::ID3v2, File::StripNone,
      id3v2_version (w->ID3v2Tag ()));
}

bool
save_aiff (File * f)
{
  auto *a = static_cast<RIFF::AIFF::File *> (f);
  return a->save (id3v2_version (a->tag ()));
}

/* @path opened as a FileT into @o; nullptr when TagLib cannot read it. */
template <typename FileT>
FileT *
open_as (Opened & o, const char *path)
{
  auto *f = new FileT (path, false);

  o.file.reset (f);
  return f->isValid () ? f : nullptr;
}

/* Opens @path as @c; no fields when TagLib cannot read it or (without
 * @create) when it has no tag block of the kind. */
Opened
open_file (const char *path, DrmtContainer c, bool create)
{
  Opened o;
  Fields *fields = nullptr;

  switch (c) {
    case DRMT_CONTAINER_FLAC:
      if (auto *f = open_as<FLAC::File> (o, path))
        if (create || f->hasXiphComment ())
          fields = new XiphFields (f->xiphComment (true));
      break;
    case DRMT_CONTAINER_OGG_VORBIS:
      if (auto *f = open_as<Ogg::Vorbis::File> (o, path))
        if (f->tag ())
          fields = new XiphFields (f->tag ());
      break;
    case DRMT_CONTAINER_OGG_OPUS:
      if (auto *f = open_as<Ogg::Opus::File> (o, path))
        if (f->tag ())
          fields = new XiphFields (f->tag ());
      break;
    case DRMT_CONTAINER_MP3:
      if (auto *f = open_as<MPEG::File> (o, path))
        if (create || f->hasID3v2Tag ())
          fields = new Id3v2Fields (f->ID3v2Tag (true));
      o.save = save_mp3;
      break;
    case DRMT_CONTAINER_WAV:
      if (auto *f = open_as<RIFF::WAV::File> (o, path))
        if (create || f->hasID3v2Tag ())
          fields = new Id3v2Fields (f->ID3v2Tag ());
      o.save = save_wav;
      break;
    case DRMT_CONTAINER_AIFF:
      if (auto *f = open_as<RIFF::AIFF::File> (o, path))
        if (create || f->hasID3v2Tag ())
          fields = new Id3v2Fields (f->tag ());
      o.save = save_aiff;
      break;
    case DRMT_CONTAINER_MP4:
      if (auto *f = open_as<MP4::File> (o, path))
        if (f->tag ())
          fields = new Mp4Fields (f->tag ());
      break;
    case DRMT_CONTAINER_WAVPACK:
      if (auto *f = open_as<WavPack::File> (o, path))
        if (create || f->hasAPETag ())
          fields = new ApeFields (f->APETag (true));
      break;
    case DRMT_CONTAINER_APE:
      if (auto *f = open_as<APE::File> (o, path))
        if (create || f->hasAPETag ())
          fields = new ApeFields (f->APETag (true));
      break;
    case DRMT_CONTAINER_MPC:
      if (auto *f = open_as<MPC::File> (o, path))
        if (create || f->hasAPETag ())
          fields = new ApeFields (f->APETag (true));
      break;
    case DRMT_CONTAINER_TTA:
      if (auto *f = open_as<TrueAudio::File> (o, path))
        if (create || f->hasID3v2Tag ())
          fields = new Id3v2Fields (f->ID3v2Tag (true));
      break;
    case DRMT_CONTAINER_UNKNOWN:
      break;
  }
  o.fields.reset (fields);
  return o;
}

gint
number (const StringList & l)
{
  if (l.isEmpty ())
    return -1;
  std::string s = l.front ().stripWhiteSpace ().to8Bit (true);
  if (s.empty () || s.size () > 4
      || s.find_first_not_of ("0123456789") != std::string::npos)
    return -2;
  return std::stoi (s);
}

void
set_error (gchar ** error, const char *what, DrmtContainer c)
{
  *error = g_strdup_printf (what, drmt_container_name (c));
}

/* "CUE_TRACKnn_DYNAMIC RANGE" (any case): nn, else -1. */
int
cue_number (const String & name)
{
  const String prefix = DRMT_TAG_CUE_PREFIX;
  const String rest = "_" DRMT_TAG_DR;
  String u = name.upper ();

  if (u.size () != prefix.size () + 2 + rest.size () || !u.startsWith (prefix)
      || u.substr (prefix.size () + 2) != rest)
    return -1;
  wchar_t a = u[prefix.size ()], b = u[prefix.size () + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9')
    return -1;
  return (a - '0') * 10 + (b - '0');
}

String
cue_name (int nn)
{
  char buf[64];

  snprintf (buf, sizeof buf, DRMT_TAG_CUE_PREFIX "%02d_" DRMT_TAG_DR, nn);
  return String (buf);
}

void
clear_dr (DrmtDrTags * tags)
{
  memset (tags, 0, sizeof *tags);
  tags->dr = tags->album_dr = -1;
  for (int i = 0; i < DRMT_TAG_CUE_TRACKS; i++)
    tags->cue_dr[i] = -1;
}

void
read_dr (Fields & fields, DrmtDrTags * tags)
{
  StringList dr = fields.get (DRMT_TAG_DR);
  StringList album = fields.get (DRMT_TAG_ALBUM_DR);
  StringList names = fields.names ();

  tags->dr = number (dr);
  tags->n_dr = dr.size ();
  tags->album_dr = number (album);
  tags->n_album_dr = album.size ();
  for (auto it = names.begin (); it != names.end (); ++it) {
    int nn = cue_number (*it);

    /* each name once: get() finds every field of the name */
    if (nn < 0 || tags->n_cue_dr[nn] > 0)
      continue;
    StringList l = fields.get (*it);
    tags->cue_dr[nn] = (gint16) number (l);
    tags->n_cue_dr[nn] = (guint8) MIN (l.size (), 255u);
    tags->n_cue += l.size ();
  }
}

/* The first value of @key in @m, UTF-8, or NULL. */
gchar *
property (const PropertyMap & m, const char *key)
{
  auto it = m.find (key);

  if (it == m.end () || it->second.isEmpty ())
    return NULL;
  std::string s = it->second.front ().stripWhiteSpace ().to8Bit (true);
  return s.empty () ? NULL : g_strdup (s.c_str ());
}

/* "3", "3/12": 3; 0 when absent or not a number. */
guint
property_number (const PropertyMap & m, const char *key)
{
  gchar *s = property (m, key);
  guint64 n = 0;

  if (s && g_ascii_isdigit (s[0]))
    n = g_ascii_strtoull (s, NULL, 10);
  g_free (s);
  return n > G_MAXUINT ? 0 : (guint) n;
}

/* Fills the names @tags lacks from @m. */
void
take_names (const PropertyMap & m, DrmtFileTags * tags)
{
  if (!tags->title)
    tags->title = property (m, "TITLE");
  if (!tags->artist)
    tags->artist = property (m, "ARTIST");
  if (!tags->album)
    tags->album = property (m, "ALBUM");
  /* FFmpeg names the APEv2 item "album_artist"; TagLib maps only "Album
   * Artist" */
  if (!tags->album_artist)
    tags->album_artist = property (m, "ALBUMARTIST");
  if (!tags->album_artist)
    tags->album_artist = property (m, "ALBUM_ARTIST");
  if (!tags->album_artist)
    tags->album_artist = property (m, "ALBUM ARTIST");
  if (!tags->year)
    tags->year = property (m, "DATE");
  if (!tags->track_number)
    tags->track_number = property_number (m, "TRACKNUMBER");
  if (!tags->disc_number)
    tags->disc_number = property_number (m, "DISCNUMBER");
}

/* The names of a file TagLib opened: from the tag block gst-drmeter
 * writes in first, then the file's others. */
void
read_names (File * file, DrmtContainer c, DrmtFileTags * tags)
{
  if (c == DRMT_CONTAINER_WAV) {
    /* properties() of a WAV file are its ID3v2 chunk's alone */
    auto *w = static_cast<RIFF::WAV::File *> (file);

    if (w->hasID3v2Tag ())
      take_names (w->ID3v2Tag ()->properties (), tags);
    if (w->hasInfoTag ())
      take_names (w->InfoTag ()->properties (), tags);
    return;
  }
  take_names (file->properties (), tags);
}

/* DR tags of a format gst-drmeter does not write in: by PropertyMap. */
class PropertyFields : public Fields
{
  PropertyMap m;
public:
  explicit PropertyFields (const PropertyMap & p) : m (p)
  {
  }
  StringList get (const String & name) override
  {
    auto it = m.find (name.upper ());
    return it == m.end () ? StringList () : it->second;
  }
  void remove (const String &) override
  {
  }
  void add (const String &, const String &) override
  {
  }
  StringList names () override
  {
    StringList out;

    for (auto it = m.begin (); it != m.end (); ++it)
      out.append (it->first);
    return out;
  }
};

}                               /* namespace */

void
drmt_file_tags_clear (DrmtFileTags * tags)
{
  g_free (tags->title);
  g_free (tags->artist);
  g_free (tags->album);
  g_free (tags->album_artist);
  g_free (tags->year);
  memset (tags, 0, sizeof *tags);
  clear_dr (&tags->dr);
}

gboolean
drmt_tagfile_read_all (const gchar * path, DrmtFileTags * tags)
{
  gchar *error = NULL;
  DrmtContainer c = drmt_container_of_file (path, &error);

  memset (tags, 0, sizeof *tags);
  clear_dr (&tags->dr);
  g_free (error);
  setDebugListener (&quiet);
  try {
    if (c != DRMT_CONTAINER_UNKNOWN) {
      Opened o = open_file (path, c, false);

      if (o.file && o.file->isValid ()) {
        if (o.fields)
          read_dr (*o.fields, &tags->dr);
        if (c == DRMT_CONTAINER_WAV)
          tags->dr.misplaced = drmt_container_wav_upper_id3 (path);
        read_names (o.file.get (), c, tags);
        return TRUE;
      }
    }
    /* any other format TagLib knows, by its name and content */
    FileRef ref (path, false);

    if (ref.isNull () || !ref.file ()->isValid ())
      return FALSE;
    PropertyMap m = ref.file ()->properties ();
    PropertyFields fields (m);

    read_dr (fields, &tags->dr);
    take_names (m, tags);
    return TRUE;
  }
  catch (...) {
    drmt_file_tags_clear (tags);
    return FALSE;
  }
}

void
drmt_dr_values_init (DrmtDrValues * v)
{
  v->dr = v->album_dr = -1;
  for (int i = 0; i < DRMT_TAG_CUE_TRACKS; i++)
    v->cue_dr[i] = -1;
}

static gboolean
one_value (gint have, guint n, gint want)
{
  return want < 0 ? n == 0 : (n == 1 && have == want);
}

gboolean
drmt_dr_tags_match (const DrmtDrTags * have, const DrmtDrValues * want)
{
  DrmtDrValues none;

  if (!want) {
    drmt_dr_values_init (&none);
    want = &none;
  }
  if (!one_value (have->dr, have->n_dr, want->dr)
      || !one_value (have->album_dr, have->n_album_dr, want->album_dr))
    return FALSE;
  for (int i = 0; i < DRMT_TAG_CUE_TRACKS; i++)
    if (!one_value (have->cue_dr[i], have->n_cue_dr[i], want->cue_dr[i]))
      return FALSE;
  return TRUE;
}

gboolean
drmt_tagfile_read (const gchar * path, DrmtContainer c, DrmtDrTags * tags,
    gchar ** error)
{
  clear_dr (tags);
  setDebugListener (&quiet);
  try {
    Opened o = open_file (path, c, false);

    if (!o.file || !o.file->isValid ()) {
      set_error (error, "TagLib cannot read the file as %s", c);
      return FALSE;
    }
    if (o.fields)
      read_dr (*o.fields, tags);
    return TRUE;
  }
  catch (...) {
    set_error (error, "TagLib failed reading the %s file", c);
    return FALSE;
  }
}

gboolean
drmt_tagfile_write (const gchar * path, DrmtContainer c,
    const DrmtDrValues * v, gchar ** error)
{
  bool any = false;

  for (int i = 0; v && i < DRMT_TAG_CUE_TRACKS; i++)
    any = any || v->cue_dr[i] >= 0;
  any = any || (v && (v->dr >= 0 || v->album_dr >= 0));
  setDebugListener (&quiet);
  try {
    Opened o = open_file (path, c, any);

    if (!o.file || !o.file->isValid () || o.file->readOnly ()) {
      set_error (error, "TagLib cannot open the file as %s", c);
      return FALSE;
    }
    if (!o.fields) {
      if (!any)
        return TRUE;            /* no tag block, nothing to remove */
      set_error (error, "TagLib cannot add tags to this %s file", c);
      return FALSE;
    }
    StringList names = o.fields->names ();

    o.fields->remove (DRMT_TAG_DR);
    o.fields->remove (DRMT_TAG_ALBUM_DR);
    for (auto it = names.begin (); it != names.end (); ++it)
      if (cue_number (*it) >= 0)
        o.fields->remove (*it);
    if (v && v->dr >= 0)
      o.fields->add (DRMT_TAG_DR, String::number (v->dr));
    if (v && v->album_dr >= 0)
      o.fields->add (DRMT_TAG_ALBUM_DR, String::number (v->album_dr));
    for (int i = 0; v && i < DRMT_TAG_CUE_TRACKS; i++)
      if (v->cue_dr[i] >= 0)
        o.fields->add (cue_name (i), String::number (v->cue_dr[i]));
    if (!(o.save ? o.save (o.file.get ()) : o.file->save ())) {
      set_error (error, "TagLib could not save the %s file", c);
      return FALSE;
    }
    return TRUE;
  }
  catch (...) {
    set_error (error, "TagLib failed writing the %s file", c);
    return FALSE;
  }
}
