using Hl7.Fhir.Model;

namespace HealthMesh.EhrSandbox.Search;

/// <summary>
/// One supported search parameter: its name, kind, the reference target it is restricted to (e.g. <c>patient</c> → Patient)
/// and how its values are read from a resource (the typed equivalent of the spec's FHIRPath expression).
/// </summary>
public sealed record SearchParamDefinition(string ResourceType, string Name, SearchParamKind Kind, string? Target, Func<Resource, IEnumerable<Base?>> Values);
