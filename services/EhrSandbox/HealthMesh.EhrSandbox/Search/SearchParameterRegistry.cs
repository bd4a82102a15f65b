using Hl7.Fhir.Model;

namespace HealthMesh.EhrSandbox.Search;

/// <summary>
/// The token and reference search parameters the sandbox indexes at write time, per resource type, as defined by FHIR R4
/// (same names and meaning as the spec's SearchParameter resources). <c>_id</c> and <c>_lastUpdated</c> work for every
/// type, <c>_tag</c> for every indexed type.
/// </summary>
public static class SearchParameterRegistry
{
    private static readonly Dictionary<string, Dictionary<string, SearchParamDefinition>> Definitions = Build();

    public static IReadOnlyCollection<SearchParamDefinition> For(string resourceType) =>
        Definitions.TryGetValue(resourceType, out var byName) ? byName.Values : [];

    public static SearchParamDefinition? Find(string resourceType, string name) =>
        Definitions.TryGetValue(resourceType, out var byName) && byName.TryGetValue(name, out var definition) ? definition : null;

    public static IEnumerable<string> IndexedTypes => Definitions.Keys;

    /// <summary>The index rows for the current version of <paramref name="resource"/>.</summary>
    public static IEnumerable<SearchIndexEntry> Extract(Resource resource)
    {
        foreach (var definition in For(resource.TypeName))
        {
            foreach (var value in definition.Values(resource))
            {
                foreach (var (system, code) in definition.Kind == SearchParamKind.Token ? Tokens(value) : References(value, definition.Target))
                {
                    yield return new SearchIndexEntry(definition.Name, system, code);
                }
            }
        }
    }

    /// <summary>
    /// A reference as (target type, id) when it is relative (<c>Patient/1</c>, optionally with <c>_history</c>),
    /// or ("", the literal) when absolute, which then only matches the same absolute reference.
    /// </summary>
    public static (string Type, string Id)? ParseReference(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.StartsWith('#'))
        {
            return null;
        }

        if (reference.Contains("://", StringComparison.Ordinal) || reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            return (string.Empty, reference);
        }

        var parts = reference.Split('/');
        return parts.Length is 2 or 4 && ModelInfo.IsKnownResource(parts[0]) ? (parts[0], parts[1]) : null;
    }

    private static IEnumerable<(string System, string Value)> Tokens(Base? value) => value switch
    {
        Identifier { Value: { Length: > 0 } v } identifier => [(identifier.System ?? string.Empty, v)],
        CodeableConcept concept => concept.Coding.SelectMany(Tokens),
        Coding { Code: { Length: > 0 } code } coding => [(coding.System ?? string.Empty, code)],
        ContactPoint { Value: { Length: > 0 } v } => [(string.Empty, v)],
        PrimitiveType { JsonValue: not null } primitive => [(string.Empty, Literal(primitive.JsonValue))],
        _ => [],
    };

    private static string Literal(object value) => value switch
    {
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static IEnumerable<(string System, string Value)> References(Base? value, string? target)
    {
        if (value is not ResourceReference reference || ParseReference(reference.Reference) is not { } parsed)
        {
            return [];
        }

        return target is null || parsed.Type == target ? [parsed] : [];
    }

    private static Dictionary<string, Dictionary<string, SearchParamDefinition>> Build()
    {
        var all = new List<SearchParamDefinition>();

        void Token<T>(string name, Func<T, IEnumerable<Base?>> values) where T : Resource =>
            all.Add(new SearchParamDefinition(typeof(T).Name, name, SearchParamKind.Token, null, r => values((T)r)));

        void Reference<T>(string name, string? target, Func<T, IEnumerable<Base?>> values) where T : Resource =>
            all.Add(new SearchParamDefinition(typeof(T).Name, name, SearchParamKind.Reference, target, r => values((T)r)));

        void SubjectAndPatient<T>(Func<T, ResourceReference?> subject) where T : Resource
        {
            Reference<T>("subject", null, r => [subject(r)]);
            Reference<T>("patient", "Patient", r => [subject(r)]);
        }

        Token<Patient>("identifier", p => p.Identifier);
        Token<Patient>("gender", p => [p.GenderElement]);
        Token<Patient>("telecom", p => p.Telecom);
        Reference<Patient>("general-practitioner", null, p => p.GeneralPractitioner);

        Token<Practitioner>("identifier", p => p.Identifier);

        Token<Encounter>("identifier", e => e.Identifier);
        Token<Encounter>("status", e => [e.StatusElement]);
        Token<Encounter>("class", e => [e.Class]);
        Token<Encounter>("type", e => e.Type);
        Token<Encounter>("reason-code", e => e.ReasonCode);
        SubjectAndPatient<Encounter>(e => e.Subject);
        Reference<Encounter>("participant", null, e => e.Participant.Select(p => p.Individual));
        Reference<Encounter>("practitioner", "Practitioner", e => e.Participant.Select(p => p.Individual));

        Token<Observation>("identifier", o => o.Identifier);
        Token<Observation>("status", o => [o.StatusElement]);
        Token<Observation>("category", o => o.Category);
        Token<Observation>("code", o => [o.Code]);
        SubjectAndPatient<Observation>(o => o.Subject);
        Reference<Observation>("encounter", "Encounter", o => [o.Encounter]);

        Token<Condition>("identifier", c => c.Identifier);
        Token<Condition>("clinical-status", c => [c.ClinicalStatus]);
        Token<Condition>("verification-status", c => [c.VerificationStatus]);
        Token<Condition>("category", c => c.Category);
        Token<Condition>("code", c => [c.Code]);
        SubjectAndPatient<Condition>(c => c.Subject);
        Reference<Condition>("encounter", "Encounter", c => [c.Encounter]);

        Token<MedicationRequest>("identifier", m => m.Identifier);
        Token<MedicationRequest>("status", m => [m.StatusElement]);
        Token<MedicationRequest>("intent", m => [m.IntentElement]);
        Token<MedicationRequest>("category", m => m.Category);
        Token<MedicationRequest>("code", m => [m.Medication as CodeableConcept]);
        SubjectAndPatient<MedicationRequest>(m => m.Subject);
        Reference<MedicationRequest>("encounter", "Encounter", m => [m.Encounter]);

        Token<Procedure>("identifier", p => p.Identifier);
        Token<Procedure>("status", p => [p.StatusElement]);
        Token<Procedure>("category", p => [p.Category]);
        Token<Procedure>("code", p => [p.Code]);
        SubjectAndPatient<Procedure>(p => p.Subject);
        Reference<Procedure>("encounter", "Encounter", p => [p.Encounter]);

        Token<DocumentReference>("identifier", d => [d.MasterIdentifier, .. d.Identifier]);
        Token<DocumentReference>("status", d => [d.StatusElement]);
        Token<DocumentReference>("type", d => [d.Type]);
        Token<DocumentReference>("category", d => d.Category);
        SubjectAndPatient<DocumentReference>(d => d.Subject);
        Reference<DocumentReference>("encounter", "Encounter", d => d.Context?.Encounter ?? []);

        Token<DiagnosticReport>("identifier", d => d.Identifier);
        Token<DiagnosticReport>("status", d => [d.StatusElement]);
        Token<DiagnosticReport>("category", d => d.Category);
        Token<DiagnosticReport>("code", d => [d.Code]);
        SubjectAndPatient<DiagnosticReport>(d => d.Subject);
        Reference<DiagnosticReport>("encounter", "Encounter", d => [d.Encounter]);

        Token<Composition>("identifier", c => [c.Identifier]);
        Token<Composition>("status", c => [c.StatusElement]);
        Token<Composition>("type", c => [c.Type]);
        Token<Composition>("category", c => c.Category);
        SubjectAndPatient<Composition>(c => c.Subject);
        Reference<Composition>("encounter", "Encounter", c => [c.Encounter]);

        Token<Consent>("identifier", c => c.Identifier);
        Token<Consent>("status", c => [c.StatusElement]);
        Token<Consent>("scope", c => [c.Scope]);
        Token<Consent>("category", c => c.Category);
        Reference<Consent>("patient", "Patient", c => [c.Patient]);

        Reference<Provenance>("target", null, p => p.Target);
        Reference<Provenance>("patient", "Patient", p => p.Target);
        Reference<Provenance>("agent", null, p => p.Agent.Select(a => a.Who));

        Token<Subscription>("status", s => [s.StatusElement]);
        Token<Subscription>("type", s => [s.Channel?.TypeElement]);

        // _tag is defined for every resource (Resource.meta.tag); write-back's conditional create of Provenance, which
        // has no identifier element, matches on it.
        foreach (var type in all.Select(d => d.ResourceType).Distinct().ToList())
        {
            all.Add(new SearchParamDefinition(type, "_tag", SearchParamKind.Token, null, r => r.Meta?.Tag ?? []));
        }

        return all.GroupBy(d => d.ResourceType).ToDictionary(g => g.Key, g => g.ToDictionary(d => d.Name, StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
