using HealthMesh.EhrSandbox.Bundles;
using HealthMesh.EhrSandbox.Capabilities;
using HealthMesh.EhrSandbox.Persistence;
using HealthMesh.EhrSandbox.Resources;
using HealthMesh.EhrSandbox.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HealthMesh.EhrSandbox.Interactions;

/// <summary>What the FHIR endpoints need, bound with <c>[AsParameters]</c>.</summary>
public sealed record FhirApiServices(
    HttpContext HttpContext,
    SandboxDatabase Database,
    FhirInteractions Interactions,
    ResourceStore Store,
    ResourceSearch Search,
    BundleProcessor Bundles,
    CapabilityStatementFactory Capabilities,
    IOptions<EhrSandboxOptions> Options);
