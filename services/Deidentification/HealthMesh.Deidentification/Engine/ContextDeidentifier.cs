using HealthMesh.Deidentification.Audit;
using System.Globalization;
using HealthMesh.Deidentification.Structured;
using HealthMesh.Deidentification.Surrogates;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.Engine;

/// <summary>
/// The de-identification engine: a context Bundle in, the same shape de-identified plus its vault out. Deterministic
/// for the same Bundle and key, so a redelivered command writes the same documents again.
/// </summary>
public sealed class ContextDeidentifier
{
    private readonly KeyedHash hash;
    private readonly DeidentificationOptions options;
    private readonly StructuredRuleEngine resources;

    public ContextDeidentifier(IOptions<DeidentificationOptions> options, StructuredRuleEngine resources)
    {
        this.options = options.Value;
        hash = new KeyedHash(this.options.GetHmacKeyBytes());
        this.resources = resources;
    }

    /// <exception cref="ClinicalContextRejectedException">The Bundle is not a context Bundle (see the hand-off contract).</exception>
    public DeidentifiedContext Deidentify(Bundle context, Guid workflowId)
    {
        if (context.Type != Bundle.BundleType.Collection)
        {
            throw new ClinicalContextRejectedException("The context must be a Bundle of type 'collection'.");
        }

        if (context.Entry.Count == 0 || context.Entry.Any(e => e.Resource is null))
        {
            throw new ClinicalContextRejectedException("The context Bundle has no entries, or an entry without a resource.");
        }

        var patient = context.Entry.Select(e => e.Resource).OfType<Patient>().FirstOrDefault()
            ?? throw new ClinicalContextRejectedException("The context Bundle has no Patient.");
        if (string.IsNullOrEmpty(patient.Id))
        {
            throw new ClinicalContextRejectedException("The context Bundle's Patient has no id.");
        }

        var bundle = context.DeepCopy();
        var referenceYear = ReferenceYear(bundle.Entry[0].Resource!);
        var offset = DateShift.OffsetDays(hash, $"Patient/{patient.Id}", options.MaxDateShiftDays);
        var session = new DeidentificationSession(hash, options.PseudonymLength, offset, KnownPhiCollector.Collect(bundle));

        bundle.Identifier = null;
        if (bundle.TimestampElement?.Value is { } timestamp)
        {
            bundle.TimestampElement.Value = session.ShiftInstant(timestamp);
        }

        foreach (var entry in bundle.Entry)
        {
            // fullUrl carries the EHR's base and real id; references inside the Bundle resolve by Type/id.
            entry.FullUrl = null;
            resources.Deidentify(entry.Resource!, session, referenceYear);
        }

        return new DeidentifiedContext(bundle, session.Vault.Build(workflowId, offset), session.Replaced, session.Audit.Counts);
    }

    /// <summary>The year of the event the note is about: ages are judged at that date for the 90+ rule.</summary>
    internal static int? ReferenceYear(Resource focus)
    {
        var value = focus switch
        {
            Encounter encounter => encounter.Period?.End ?? encounter.Period?.Start,
            DiagnosticReport report => (report.Effective as FhirDateTime)?.Value ?? (report.Effective as Period)?.Start ?? report.IssuedElement?.Value?.ToString("yyyy", CultureInfo.InvariantCulture),
            _ => null,
        };
        return value is { Length: >= 4 } && int.TryParse(value[..4], CultureInfo.InvariantCulture, out var year) ? year : null;
    }
}
