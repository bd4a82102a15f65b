namespace HealthMesh.EhrSandbox.Interactions;

/// <summary>Endpoint metadata: the path prefix the FHIR API was mapped under, to build absolute URLs from requests.</summary>
public sealed record FhirBasePath(string Prefix);
