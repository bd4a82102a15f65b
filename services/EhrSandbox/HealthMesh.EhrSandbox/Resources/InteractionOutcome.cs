using System.Net;
using Hl7.Fhir.Model;

namespace HealthMesh.EhrSandbox.Resources;

/// <summary>What a create/update/delete/read did: the HTTP status, the version it concerns and the resource to return.</summary>
public sealed record InteractionOutcome(HttpStatusCode Status, StoredResource? Stored, Resource? Resource);
