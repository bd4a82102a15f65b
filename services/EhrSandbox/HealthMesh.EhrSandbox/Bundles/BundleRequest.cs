using Hl7.Fhir.Model;

namespace HealthMesh.EhrSandbox.Bundles;

/// <summary>One checked entry of a transaction or batch: what to do (<c>Type</c>, <c>Id</c>, <c>Query</c> split from the URL) and with what.</summary>
internal sealed record BundleRequest(
    int Index,
    Bundle.HTTPVerb Method,
    string Url,
    string Type,
    string? Id,
    string? Query,
    string? FullUrl,
    Resource? Resource,
    string? IfNoneExist,
    string? IfMatch);
