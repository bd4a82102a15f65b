using HealthMesh.AllInOne.Hosting;
using HealthMesh.ServiceDefaults.Ehr;
using Hl7.Fhir.Model;

namespace HealthMesh.AllInOne.Serve;

/// <summary>
/// Points the sandbox EHR's R4 rest-hook subscriptions at Intake, exactly as an EHR integration team would:
/// finished Encounters and final DiagnosticReports, full resource payload, the shared secret in a header.
/// </summary>
public static class SandboxSubscriptions
{
    public static async System.Threading.Tasks.Task EnsureAsync(IServiceProvider services, EmbeddedHostInfo host, CancellationToken cancellationToken)
    {
        var secret = services.GetRequiredService<IConfiguration>()[$"HealthMesh:Intake:Subscriptions:{EmbeddedHost.SandboxSubscriptionId}:Secret"]
            ?? throw new InvalidOperationException($"HealthMesh:Intake:Subscriptions:{EmbeddedHost.SandboxSubscriptionId}:Secret is not configured.");
        var ehr = services.CreateEhrFhirClient();

        foreach (var (id, criteria) in new[]
        {
            ("healthmesh-encounters", "Encounter?status=finished"),
            ("healthmesh-radiology", "DiagnosticReport?status=final"),
        })
        {
            var subscription = new Subscription
            {
                Id = id,
                Status = Subscription.SubscriptionStatus.Active,
                Reason = "HealthMesh: draft a structured note for review",
                Criteria = criteria,
                Channel = new Subscription.ChannelComponent
                {
                    Type = Subscription.SubscriptionChannelType.RestHook,
                    Endpoint = $"{host.BaseUrl}/notifications/{EmbeddedHost.SandboxSubscriptionId}",
                    Payload = "application/fhir+json",
                    Header = [$"Authorization: Bearer {secret}"],
                },
            };
            await ehr.UpdateAsync(subscription, ct: cancellationToken);
        }
    }
}
