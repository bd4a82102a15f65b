using System.Text;
using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using HealthMesh.Summarization.Notes;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace HealthMesh.Summarization.UnitTests.TestFiles;

/// <summary>Synthetic, embedded, de-identified context Bundles (surrogate names, shifted dates, pseudonymous ids).</summary>
public static class Fixtures
{
    public const string EncounterContext = "encounter-context-deid.json";
    public const string RadiologyContext = "radiology-context-deid.json";

    public static readonly RuleBasedClinicalNoteEngine Engine = new(Options.Create(new SummarizationOptions()));

    public static string Read(string name) => EmbeddedTestFiles.Read(typeof(Fixtures).Assembly, name);

    public static Bundle Bundle(string name) => FhirJson.Parse<Bundle>(Read(name));

    /// <summary>The radiology fixture with its report text replaced (and no conclusion), to vary findings.</summary>
    public static Bundle RadiologyWithText(string reportText)
    {
        var bundle = Bundle(RadiologyContext);
        var report = bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().Single();
        report.PresentedForm[0].Data = Encoding.UTF8.GetBytes(reportText);
        report.Conclusion = null;
        return bundle;
    }

    public static StructuredNote Draft(Bundle context, NoteKind kind) =>
        Engine.DraftAsync(new NoteDraftRequest(Guid.NewGuid(), 1, kind, context, DateTimeOffset.UnixEpoch), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The exact text an evidence span points at.</summary>
    public static string Cited(StructuredNote note, HealthMesh.Contracts.Evidence evidence)
    {
        var source = note.Sources.Single(s => s.SourceId == evidence.SourceId);
        return source.Text.Substring(evidence.Start, evidence.Length);
    }
}
