using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Feedback;

/// <summary>Compares a draft with the note its reviewer approved, section by section (by section code) and code by code.</summary>
public static class FeedbackDiffer
{
    public static FeedbackDiff Compare(StructuredNote draft, StructuredNote final)
    {
        var changes = new List<SentenceChange>();
        var finalSections = final.Sections.ToDictionary(s => s.Code, StringComparer.Ordinal);
        foreach (var section in draft.Sections)
        {
            var after = finalSections.GetValueOrDefault(section.Code)?.Sentences ?? [];
            for (var i = 0; i < Math.Max(section.Sentences.Count, after.Count); i++)
            {
                var before = i < section.Sentences.Count ? section.Sentences[i].Text : null;
                var now = i < after.Count ? after[i].Text : null;
                if (!string.Equals(before, now, StringComparison.Ordinal))
                {
                    changes.Add(new SentenceChange(section.Code, i, before, now));
                }
            }
        }

        var drafted = draft.Sections.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var section in final.Sections.Where(s => !drafted.Contains(s.Code)))
        {
            changes.AddRange(section.Sentences.Select((sentence, i) => new SentenceChange(section.Code, i, null, sentence.Text)));
        }

        var draftCodes = draft.Codes.Select(Key).Distinct().ToList();
        var finalCodes = final.Codes.Select(Key).ToHashSet(StringComparer.Ordinal);
        return new FeedbackDiff(
            draft.Sections.Sum(s => s.Sentences.Count),
            changes,
            [.. draftCodes.Where(finalCodes.Contains)],
            [.. draftCodes.Where(c => !finalCodes.Contains(c))],
            [.. finalCodes.Where(c => !draftCodes.Contains(c)).Order(StringComparer.Ordinal)]);
    }

    private static string Key(ProposedCode code) => $"{code.System}|{code.Code}";
}
