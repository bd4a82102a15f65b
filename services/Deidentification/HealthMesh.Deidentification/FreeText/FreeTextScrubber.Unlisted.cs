using System.Buffers;
using System.Text.RegularExpressions;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Surrogates;

namespace HealthMesh.Deidentification.FreeText;

/// <summary>
/// PHI the record does not list: names found by a cue before them ("son", "signed by", "Patient:") or a credential
/// after them ("…, MD"), names from the dictionaries (a listed given name before a capitalised word, any capitalised
/// word before a listed surname, "Surname, Given", or a listed name that is no ordinary word), every later mention of
/// a name once found, and cities.
/// </summary>
public sealed partial class FreeTextScrubber
{
    private static void FindCuedNames(string text, DeidentificationSession session, List<TextReplacement> found)
    {
        foreach (var m in AnchoredMatches(text, NameCueStarts, CuedName()))
        {
            AddNameRun(text, m.Groups["n"], session, found);
        }

        foreach (Match m in CredentialedName().Matches(text))
        {
            AddNameRun(text, m.Groups["n"], session, found);
        }

        foreach (Match m in SentenceCommaName().Matches(text))
        {
            AddNameRun(text, m.Groups["n"], session, found);
        }
    }

    private static void FindDictionaryNames(string text, DeidentificationSession session, List<TextReplacement> found)
    {
        var words = NameWord().Matches(text);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var allCaps = word.Value.All(c => !char.IsLetter(c) || char.IsUpper(c));
            if (i + 1 < words.Count && (IsPair(text, word, words[i + 1], allCaps) || IsGivenBeforeSurname(text, word, words[i + 1])))
            {
                AddName(word, SurrogateKind.GivenName, session, found);
                AddName(words[i + 1], SurrogateKind.FamilyName, session, found);
                continue;
            }

            if (i + 1 < words.Count && IsSurnameCommaGiven(text, word, words[i + 1]))
            {
                AddName(word, SurrogateKind.FamilyName, session, found);
                AddName(words[i + 1], SurrogateKind.GivenName, session, found);
                continue;
            }

            // Alone, a listed name counts only when it is no ordinary word and not used as an eponym.
            if (!allCaps && !PhiDictionaries.IsNameWord(word.Value) && !MedicalVocabulary.IsNotAName(word.Value)
                && (PhiDictionaries.IsGivenName(word.Value) || PhiDictionaries.IsFamilyName(word.Value))
                && !MedicalVocabulary.IsEponymUse(text, word.Index, word.Length))
            {
                AddName(word, PhiDictionaries.IsFamilyName(word.Value) ? SurrogateKind.FamilyName : SurrogateKind.GivenName, session, found);
            }
        }
    }

    // "Maria Lopez", "Maria J. Lopez", "MARIA LOPEZ": a listed given name, then a listed surname or (given name no
    // ordinary word) any capitalised word that is no known non-name.
    private static bool IsPair(string text, Match first, Match second, bool allCaps)
    {
        if (!PhiDictionaries.IsGivenName(first.Value) || !NameGap().IsMatch(text.AsSpan(first.Index + first.Length, second.Index - first.Index - first.Length)))
        {
            return false;
        }

        if (MedicalVocabulary.IsNotAName(second.Value) || MedicalVocabulary.IsEponymUse(text, second.Index, second.Length))
        {
            return false;
        }

        return PhiDictionaries.IsFamilyName(second.Value)
            || (!allCaps && !PhiDictionaries.IsNameWord(first.Value) && !MedicalVocabulary.IsNotAName(first.Value) && !TextDates.IsMonth(second.Value));
    }

    // "Marisela Thornton": an unlisted capitalised word before a listed surname that is no ordinary word.
    private static bool IsGivenBeforeSurname(string text, Match first, Match second) =>
        PhiDictionaries.IsFamilyName(second.Value) && !PhiDictionaries.IsNameWord(second.Value)
        && !MedicalVocabulary.IsNotAName(first.Value) && !TextDates.IsMonth(first.Value) && first.Value.Any(char.IsLower)
        && !MedicalVocabulary.IsEponymUse(text, second.Index, second.Length)
        && NameGap().IsMatch(text.AsSpan(first.Index + first.Length, second.Index - first.Index - first.Length));

    // "Thornton, Marisela" or "Bell, Rafael": a surname (listed, or any capitalised non-word) before a listed given name.
    private static bool IsSurnameCommaGiven(string text, Match first, Match second) =>
        PhiDictionaries.IsGivenName(second.Value) && !PhiDictionaries.IsNameWord(second.Value)
        && (PhiDictionaries.IsFamilyName(first.Value) || (!MedicalVocabulary.IsNotAName(first.Value) && !TextDates.IsMonth(first.Value)))
        && text.AsSpan(first.Index + first.Length, second.Index - first.Index - first.Length) is ", ";

    /// <summary>A name found once is a name wherever else it stands capitalised in the same text.</summary>
    private static void FindOtherMentions(string text, DeidentificationSession session, List<TextReplacement> found)
    {
        var names = found.Where(r => r.Kind is SurrogateKind.GivenName or SurrogateKind.FamilyName && r.Original.Length >= 2)
            .Select(r => (r.Original, Kind: r.Kind!.Value))
            .DistinctBy(n => n.Original, StringComparer.OrdinalIgnoreCase)
            .ToList();
        foreach (var (name, kind) in names)
        {
            foreach (var index in Occurrences(text, name, StringComparison.OrdinalIgnoreCase))
            {
                var written = text.Substring(index, name.Length);
                if (char.IsUpper(written[0]) && !MedicalVocabulary.IsEponymUse(text, index, name.Length)
                    && (!PhiDictionaries.IsNameWord(name) || ReadsAsName(text, index, name.Length)))
                {
                    found.Add(new TextReplacement(index, name.Length, MatchCase(NameSurrogate(session, written, kind), written), written, kind));
                    AddGivenNameBefore(text, index, session, found);
                }
            }
        }
    }

    // "Bill Brown" once Brown is known: a given name or name-word right before a found surname is the given name.
    private static void AddGivenNameBefore(string text, int surnameIndex, DeidentificationSession session, List<TextReplacement> found)
    {
        if (WordBefore().Match(text, 0, surnameIndex) is { Success: true } before
            && (PhiDictionaries.IsGivenName(before.Groups["w"].Value) || PhiDictionaries.IsNameWord(before.Groups["w"].Value))
            && !MedicalVocabulary.IsNotAName(before.Groups["w"].Value) && !TextDates.IsMonth(before.Groups["w"].Value))
        {
            var word = before.Groups["w"];
            found.Add(new TextReplacement(word.Index, word.Length, MatchCase(NameSurrogate(session, word.Value, SurrogateKind.GivenName), word.Value), word.Value, SurrogateKind.GivenName));
        }
    }

    // "Will" or "Hope" once known as a name: a name mid-sentence, or at a sentence start when a reporting verb follows
    // ("Hope reports…"), but not the word ("Will start metformin").
    private static bool ReadsAsName(string text, int index, int length)
    {
        var before = text.AsSpan(0, index).TrimEnd(" \t");
        var sentenceStart = before.IsEmpty || before[^1] is '.' or '!' or '?' or ':' or '\n' or '\r';
        return !sentenceStart || ReportingVerb().IsMatch(text.AsSpan(index + length));
    }

    private static void FindPlaces(string text, List<TextReplacement> found)
    {
        foreach (Match m in CuedPlace().Matches(text))
        {
            var city = m.Groups["city"];
            if (!MedicalVocabulary.IsNotAName(city.Value.Split(' ')[0]) && !TextDates.IsMonth(city.Value) && !MedicalVocabulary.IsEponymUse(text, city.Index, city.Length))
            {
                found.Add(new TextReplacement(city.Index, city.Length, "[CITY]", city.Value, null));
            }
        }

        foreach (Match word in NameWord().Matches(text))
        {
            if (PhiDictionaries.CityAt(text, word.Index, word.Value) is > 0 and var length)
            {
                found.Add(new TextReplacement(word.Index, length, "[CITY]", text.Substring(word.Index, length), null));
            }
        }

        foreach (Match m in CityStateZip().Matches(text))
        {
            var city = m.Groups["city"];
            found.Add(new TextReplacement(city.Index, city.Length, "[CITY]", city.Value, null));
        }
    }

    // Every capitalised word of a cued run is a name until the first known non-name; the last one is the surname.
    private static void AddNameRun(string text, Group run, DeidentificationSession session, List<TextReplacement> found)
    {
        // A month here is a name ("son June"): a date after the cue is a longer span and wins anyway.
        var words = NameWord().Matches(run.Value)
            .TakeWhile(w => !MedicalVocabulary.IsNotAName(w.Value) && !MedicalVocabulary.IsEponymUse(text, run.Index + w.Index, w.Length))
            .ToList();
        var familyFirst = run.Value.Contains(',', StringComparison.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var kind = session.Known.NameTokens.TryGetValue(words[i].Value, out var known) ? known
                : familyFirst ? (i == 0 ? SurrogateKind.FamilyName : SurrogateKind.GivenName)
                : i == words.Count - 1 && words.Count > 1 ? SurrogateKind.FamilyName
                : words.Count == 1 && PhiDictionaries.IsFamilyName(words[i].Value) ? SurrogateKind.FamilyName
                : SurrogateKind.GivenName;
            found.Add(new TextReplacement(run.Index + words[i].Index, words[i].Length, MatchCase(NameSurrogate(session, words[i].Value, kind), words[i].Value), words[i].Value, kind));
        }
    }

    private static void AddName(Match word, SurrogateKind kind, DeidentificationSession session, List<TextReplacement> found)
    {
        var resolved = session.Known.NameTokens.TryGetValue(word.Value, out var known) ? known : kind;
        found.Add(new TextReplacement(word.Index, word.Length, MatchCase(NameSurrogate(session, word.Value, resolved), word.Value), word.Value, resolved));
    }

    // "Given [M.] Family", or "FAMILY, GIVEN" where the run then ends (line end, wide gap, punctuation).
    private const string NameRun = @"[A-Z][A-Za-z'’\-]+(?:,[ \t]+[A-Z][A-Za-z'’\-]+(?:[ \t]+[A-Z]\.)?(?=[ \t]*(?:$|[\r\n]|[ \t]{2}|[,;(])|[ \t]+(?:resting|reports|is|was|who|and|with|\())|(?:\s+[A-Z]\.)?(?:[ \t]+[A-Z][A-Za-z'’\-]+){0,2})";

    [GeneratedRegex(@"(?<![\w'’-])[A-Z][A-Za-z]*(?:['’][A-Z][A-Za-z]+)?(?:-[A-Z][A-Za-z]+)?(?![\w'’-])", RegexOptions.CultureInvariant)]
    private static partial Regex NameWord();

    [GeneratedRegex(@"^(?:[ \t]+|[ \t]+[A-Z]\.[ \t]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex NameGap();

    // Every cue of CuedName starts with one of these words (case-insensitive).
    private static readonly SearchValues<string> NameCueStarts = SearchValues.Create(
        ["patient", "pt", "name", "son", "daughter", "wife", "husband", "mother", "father", "sister", "brother", "spouse", "partner", "friend", "neighbo",
         "caregiver", "guardian", "grand", "niece", "nephew", "aunt", "uncle", "cousin", "fianc", "roommate", "signed", "dictated", "transcribed",
         "seen", "referred", "accompanied", "cc", "attending", "resident", "pcp", "primary", "nurse", "surgeon", "provider", "physician", "contact",
         "emergency", "next", "nok", "poa", "spoke", "discussed", "met", "followed", "under", "reply", "this", "thank", "regards", "sincerely", "from"],
        StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\G(?i:\b(?:patient(?:'s)?\s+name|patient|pt|name|son|daughter|wife|husband|mother|father|sister|brother|spouse|partner|friend|neighbou?r|caregiver|guardian|grandson|granddaughter|grandmother|grandfather|niece|nephew|aunt|uncle|cousin|fianc[eé]e?|roommate|signed\s+by|dictated\s+by|transcribed\s+by|seen\s+by|seen\s+with|referred\s+by|accompanied\s+by|cc|attending|resident|pcp|primary\s+care(?:\s+physician)?|nurse|surgeon|provider|physician|contact|emergency\s+contact|next\s+of\s+kin|nok|poa|spoke\s+with|discussed\s+with|met\s+with|followed\s+by|under\s+the\s+care\s+of|reply\s+by|this\s+is|thanks|thank\s+you|regards|sincerely|from(?=\s*:))\b)(?:\s*[:,(]\s*|\s+)(?:(?:is|named|was|—|-)\s+)?(?<n>" + NameRun + ")", RegexOptions.CultureInvariant)]
    private static partial Regex CuedName();

    [GeneratedRegex(@"(?<n>" + NameRun + @"),?\s+(?:MD|M\.D\.|DO|D\.O\.|RN|NP|PA-C|PhD|FNP|FNP-BC|DNP|CNM|LPN|MSW|LCSW|PharmD|MBBS)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialedName();

    [GeneratedRegex(@"(?<![\w'’-])(?<w>[A-Z][a-z]+)[ \t]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex WordBefore();

    // "Osei, Rose resting comfortably.": a sentence opening with "Family, Given" and a verb of state or report.
    [GeneratedRegex(@"(?:^|(?<=[.!?][ \t]+))(?<n>[A-Z][a-z'’\-]+,[ \t]+[A-Z][a-z'’\-]+)(?=[ \t]+(?:resting|is|was|seen|reports|states|denies|presents|sleeping|ambulating|alert|tolerating|doing)\b)", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex SentenceCommaName();

    [GeneratedRegex(@"^[ \t]+(?:reports|reported|states|stated|says|said|is|was|has|had|denies|called|agrees|agreed|lives|prefers|notes|asked|understands|verbalized|describes|complains|endorses|feels|wants|asks)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ReportingVerb();

    // A capitalised place after "in/from/near" where the phrase then ends: "EMS from Millbrook with", "lives in Fox Hollow.".
    [GeneratedRegex(@"\b(?:in|from|near)[ \t]+(?<city>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)(?=[ \t]*(?:[,.;]|$|[ \t](?:with|for|and|after|on|via|since|until|visiting|when|where|last|before|during|to)\b))", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex CuedPlace();

    [GeneratedRegex(@"(?<city>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2}),[ \t]+(?:A[LKZR]|C[AOT]|DE|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])[ \t]+\d{5}\b", RegexOptions.CultureInvariant)]
    private static partial Regex CityStateZip();
}
