using HealthMesh.Deidentification.FreeText;
using HealthMesh.Deidentification.Structured;
using HealthMesh.Deidentification.Surrogates;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.Engine;

/// <summary>
/// The engine without the bus, the document store or a context Bundle: one plain-text note, or one FHIR resource or
/// Bundle of any type, de-identified with the given key (what <c>healthmesh deid</c> runs over a folder). Same
/// scrubber and walker as the pipeline; no vault is kept, since nothing offline is ever re-identified.
/// </summary>
public sealed class OfflineDeidentifier
{
    private readonly KeyedHash hash;
    private readonly DeidentificationOptions options;
    private readonly FreeTextScrubber scrubber;
    private readonly StructuredRuleEngine resources;

    /// <param name="options">Only <see cref="DeidentificationOptions.HmacKey"/> is required; the profile and the free-text replacement apply as in the service.</param>
    /// <exception cref="ArgumentException">The key is not base64 of at least 32 bytes.</exception>
    /// <exception cref="Structured.Rules.DeidentificationProfileException">The configured profile cannot be used.</exception>
    public OfflineDeidentifier(DeidentificationOptions options)
    {
        this.options = options;
        try
        {
            hash = new KeyedHash(options.GetHmacKeyBytes());
        }
        catch (FormatException)
        {
            throw new ArgumentException("The HMAC key must be base64 of at least 32 bytes.", nameof(options));
        }

        var services = new ServiceCollection().AddSingleton(Options.Create(options)).AddDeidentificationEngine().BuildServiceProvider();
        scrubber = services.GetRequiredService<FreeTextScrubber>();
        resources = services.GetRequiredService<StructuredRuleEngine>();
    }

    /// <summary>
    /// A note with no record beside it: patterns, dictionaries and context cues only. <paramref name="documentKey"/>
    /// (a file name, a note id) picks the date shift, so notes about one person should share it.
    /// </summary>
    public string DeidentifyText(string text, string documentKey) => scrubber.Scrub(text, TextSession(documentKey, null));

    /// <summary>A note with the record it belongs to: the names, identifiers and contacts the record lists are found first.</summary>
    public string DeidentifyText(string text, Bundle context) => scrubber.Scrub(text, TextSession(null, context));

    /// <summary>What <see cref="DeidentifyText(string, string)"/> would replace, as spans of the original text.</summary>
    public IReadOnlyList<TextReplacement> FindPhi(string text, string documentKey, Bundle? context = null) =>
        scrubber.Find(text, TextSession(documentKey, context));

    /// <summary>
    /// A de-identified copy of one resource or Bundle (any type: collection, transaction, searchset...). Dates are
    /// shifted by the offset of the patient it is about, ids and references pseudonymised, prose scrubbed.
    /// </summary>
    /// <exception cref="ClinicalContextRejectedException">A value cannot be read (a malformed date or reference).</exception>
    public Resource DeidentifyResource(Resource resource)
    {
        var copy = resource.DeepCopy();
        var members = copy is Bundle b ? b.Entry.Select(e => e.Resource).OfType<Resource>().ToList() : [copy];
        var session = new DeidentificationSession(hash, options.PseudonymLength, Offset(SubjectKey(members) ?? $"{copy.TypeName}/{copy.Id}"), KnownPhiCollector.Collect(members));
        var referenceYear = members.Select(ContextDeidentifier.ReferenceYear).FirstOrDefault(y => y is not null);
        if (copy is not Bundle bundle)
        {
            resources.Deidentify(copy, session, referenceYear);
            return copy;
        }

        if (!string.IsNullOrEmpty(bundle.Id))
        {
            bundle.Id = session.PseudonymiseResourceId(bundle.TypeName, bundle.Id);
        }

        bundle.Identifier = null;
        bundle.Link.Clear();
        // A signature names its signer and signs the original bytes: it cannot describe the copy.
        bundle.Signature = null;
        if (bundle.TimestampElement?.Value is { } timestamp)
        {
            bundle.TimestampElement.Value = session.ShiftInstant(timestamp);
        }

        foreach (var entry in bundle.Entry)
        {
            // urn:uuid full URLs are the Bundle's own links between entries; a server URL carries a real id.
            if (entry.FullUrl is { } fullUrl && !fullUrl.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
            {
                entry.FullUrl = null;
            }

            if (entry.Request is { } request)
            {
                request.Url = request.Url is { } url ? session.PseudonymiseReference(url) ?? url.Split('?')[0] : null;
                request.IfNoneExist = null;
                request.IfMatch = null;
            }

            entry.Response = null;
            if (entry.Resource is { } member)
            {
                resources.Deidentify(member, session, referenceYear);
            }
        }

        return copy;
    }

    private DeidentificationSession TextSession(string? documentKey, Bundle? context)
    {
        var members = context?.Entry.Select(e => e.Resource).OfType<Resource>().ToList() ?? [];
        var key = SubjectKey(members) ?? documentKey ?? throw new ArgumentException("A note needs a document key or a context with a patient.", nameof(documentKey));
        return new DeidentificationSession(hash, options.PseudonymLength, Offset(key), KnownPhiCollector.Collect(members));
    }

    private int Offset(string subjectKey) => DateShift.OffsetDays(hash, subjectKey, options.MaxDateShiftDays);

    // The patient the resources are about: the same key as the pipeline's, so offline and online shifts agree.
    private static string? SubjectKey(IReadOnlyList<Resource> members)
    {
        if (members.OfType<Patient>().FirstOrDefault(p => !string.IsNullOrEmpty(p.Id)) is { } patient)
        {
            return $"Patient/{patient.Id}";
        }

        return members.SelectMany(KnownPhiCollector.Descendants).OfType<ResourceReference>()
            .Select(r => r.Reference)
            .FirstOrDefault(r => r is not null && r.StartsWith("Patient/", StringComparison.Ordinal) && !r.Contains("/_history", StringComparison.Ordinal));
    }
}
