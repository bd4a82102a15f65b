using System.Text.RegularExpressions;
using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.Radiology;

/// <summary>
/// Findings a radiologist must communicate at once (ACR actionable findings, category 1). Flagged only when the
/// finding is asserted present: "no pneumothorax" and "rule out pulmonary embolism" flag nothing.
/// </summary>
public static partial class CriticalFindingDetector
{
    public const string FlagPrefix = "critical-finding:";

    private static readonly (string Flag, Regex Pattern)[] Findings =
    [
        ("pneumothorax", Pneumothorax()),
        ("pneumoperitoneum", FreeAir()),
        ("intracranial-hemorrhage", IntracranialHemorrhage()),
        ("pulmonary-embolism", PulmonaryEmbolism()),
        ("aortic-dissection", AorticDissection()),
        ("bowel-perforation", BowelPerforation()),
        ("cord-compression", CordCompression()),
    ];

    /// <summary>The flags (<c>critical-finding:pneumothorax</c>…) of the present critical findings in one sentence.</summary>
    public static IEnumerable<string> Find(SectionedSentence sentence)
    {
        foreach (var (flag, pattern) in Findings)
        {
            foreach (Match m in pattern.Matches(sentence.Span.Text))
            {
                if (AssertionClassifier.Classify(sentence.Span.Text, m.Index, m.Length, sentence.Section) == Assertion.Present)
                {
                    yield return FlagPrefix + flag;
                    break;
                }
            }
        }
    }

    [GeneratedRegex(@"\b(?:tension\s+)?pneumothora(?:x|ces)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pneumothorax();

    [GeneratedRegex(@"\b(?:pneumoperitoneum|free (?:intraperitoneal |intra-abdominal )?air)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FreeAir();

    [GeneratedRegex(@"\b(?:(?:acute\s+)?(?:intracranial|intraparenchymal|subarachnoid|subdural|epidural|intraventricular)\s+(?:hemorrhage|haemorrhage|hematoma|bleed))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IntracranialHemorrhage();

    [GeneratedRegex(@"\b(?:pulmonary\s+(?:embolism|emboli|embolus)|saddle\s+embol(?:us|ism))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PulmonaryEmbolism();

    [GeneratedRegex(@"\b(?:aortic\s+dissection|(?:stanford\s+)?type\s+[ab]\s+dissection|dissection\s+of\s+the\s+(?:(?:ascending|descending|thoracic|thoracoabdominal|abdominal)\s+)?aorta|ruptured\s+(?:abdominal\s+)?aortic\s+aneurysm)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AorticDissection();

    [GeneratedRegex(@"\b(?:bowel|intestinal|colonic|gastric)\s+perforation\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BowelPerforation();

    [GeneratedRegex(@"\b(?:(?:spinal\s+)?cord\s+compression|compression\s+of\s+the\s+(?:spinal\s+|thecal\s+sac\s+and\s+)?cord)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CordCompression();
}
