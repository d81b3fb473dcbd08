/* gst-drmeter: the two DR tags of one file, read and written with TagLib.
 *
 * C++ only because TagLib 1.13's C binding reaches no custom field; the
 * rest of the scanner sees tagfile.h. Every container's usual place for a
 * custom field: Vorbis comments (FLAC, Ogg Vorbis, Opus), ID3v2 TXXX
 * frames (MP3, and the ID3v2 chunk of WAV and AIFF), MP4 freeform atoms
 * "----:com.apple.iTunes:NAME", APEv2 items (WavPack, Monkey's Audio,
 * Musepack). No exception leaves this file.
 *
 * Copyright (C) 2026 the gst-drmeter authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <memory>
#include <new>

#include <taglib/aifffile.h>
#include <taglib/apefile.h>
#include <taglib/apetag.h>
#include <taglib/flacfile.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4file.h>
#include <taglib/mpcfile.h>
#include <taglib/mpegfile.h>
#include <taglib/opusfile.h>
#include <taglib/tdebuglistener.h>
#include <taglib/textidentificationframe.h>
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

}                               /* namespace */

gboolean
drmt_tagfile_read (const gchar * path, DrmtContainer c, DrmtDrTags * tags,
    gchar ** error)
{
  tags->dr = tags->album_dr = -1;
  tags->n_dr = tags->n_album_dr = 0;
  setDebugListener (&quiet);
  try {
    Opened o = open_file (path, c, false);

    if (!o.file || !o.file->isValid ()) {
      set_error (error, "TagLib cannot read the file as %s", c);
      return FALSE;
    }
    if (o.fields) {
      StringList dr = o.fields->get (DRMT_TAG_DR);
      StringList album = o.fields->get (DRMT_TAG_ALBUM_DR);

      tags->dr = number (dr);
      tags->n_dr = dr.size ();
      tags->album_dr = number (album);
      tags->n_album_dr = album.size ();
    }
    return TRUE;
  }
  catch (...) {
    set_error (error, "TagLib failed reading the %s file", c);
    return FALSE;
  }
}

gboolean
drmt_tagfile_write (const gchar * path, DrmtContainer c, gint dr,
    gint album_dr, gchar ** error)
{
  setDebugListener (&quiet);
  try {
    Opened o = open_file (path, c, dr >= 0);

    if (!o.file || !o.file->isValid () || o.file->readOnly ()) {
      set_error (error, "TagLib cannot open the file as %s", c);
      return FALSE;
    }
    if (!o.fields) {
      if (dr < 0)
        return TRUE;            /* no tag block, nothing to remove */
      set_error (error, "TagLib cannot add tags to this %s file", c);
      return FALSE;
    }
    o.fields->remove (DRMT_TAG_DR);
    o.fields->remove (DRMT_TAG_ALBUM_DR);
    if (dr >= 0) {
      o.fields->add (DRMT_TAG_DR, String::number (dr));
      o.fields->add (DRMT_TAG_ALBUM_DR, String::number (album_dr));
    }
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
