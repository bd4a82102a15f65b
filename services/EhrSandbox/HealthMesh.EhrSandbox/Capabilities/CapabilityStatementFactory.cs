using HealthMesh.EhrSandbox.Search;
using Hl7.Fhir.Model;

namespace HealthMesh.EhrSandbox.Capabilities;

/// <summary>The sandbox's CapabilityStatement: what <c>GET [base]/metadata</c> answers, labelled as a sandbox.</summary>
public sealed class CapabilityStatementFactory(TimeProvider clock)
{
    public const string SoftwareName = "HealthMesh EHR Sandbox";

    public CapabilityStatement Create(string baseUrl)
    {
        var statement = new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Experimental = true,
            Date = clock.GetUtcNow().ToString("yyyy-MM-dd"),
            Publisher = "HealthMesh",
            Kind = CapabilityStatementKind.Instance,
            Description = new Markdown("DEVELOPMENT SANDBOX. Synthetic data only; not a system of record. A FHIR R4 server for HealthMesh demos and tests."),
            Software = new CapabilityStatement.SoftwareComponent { Name = SoftwareName },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "HealthMesh EHR sandbox (synthetic data only)", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "json", "application/fhir+xml", "xml"],
        };

        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = new Markdown("Classic R4 rest-hook subscriptions and the Subscriptions R5 Backport IG (event-notification, handshake) are supported."),
            Interaction =
            [
                new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
                new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch },
            ],
        };

        foreach (var type in SearchParameterRegistry.IndexedTypes.Order(StringComparer.Ordinal))
        {
            rest.Resource.Add(new CapabilityStatement.ResourceComponent
            {
                Type = type,
                Versioning = CapabilityStatement.ResourceVersionPolicy.VersionedUpdate,
                ReadHistory = true,
                UpdateCreate = true,
                ConditionalCreate = true,
                ConditionalUpdate = false,
                ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.NotSupported,
                Interaction =
                [
                    .. new[]
                    {
                        CapabilityStatement.TypeRestfulInteraction.Read,
                        CapabilityStatement.TypeRestfulInteraction.Vread,
                        CapabilityStatement.TypeRestfulInteraction.Update,
                        CapabilityStatement.TypeRestfulInteraction.Delete,
                        CapabilityStatement.TypeRestfulInteraction.HistoryInstance,
                        CapabilityStatement.TypeRestfulInteraction.Create,
                        CapabilityStatement.TypeRestfulInteraction.SearchType,
                    }.Select(code => new CapabilityStatement.ResourceInteractionComponent { Code = code }),
                ],
                SearchParam =
                [
                    new CapabilityStatement.SearchParamComponent { Name = "_id", Type = SearchParamType.Token },
                    new CapabilityStatement.SearchParamComponent { Name = "_lastUpdated", Type = SearchParamType.Date },
                    .. SearchParameterRegistry.For(type).Select(p => new CapabilityStatement.SearchParamComponent
                    {
                        Name = p.Name,
                        Type = p.Kind == SearchParamKind.Token ? SearchParamType.Token : SearchParamType.Reference,
                    }),
                ],
            });
        }

        statement.Rest.Add(rest);
        return statement;
    }
}
