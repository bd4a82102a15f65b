using System.Net;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;

namespace HealthMesh.EhrSandbox.FunctionalTests;

public sealed class DurableDeliveryTests
{
    [Fact]
    public async System.Threading.Tasks.Task A_notification_queued_before_a_restart_is_delivered_after_it()
    {
        var directory = Directory.CreateTempSubdirectory("ehr-sandbox-restart-").FullName;
        try
        {
            await using var receiver = await NotificationReceiver.StartAsync();
            string encounterId;

            // The worker polls once at start and then not for 5 minutes (the longest allowed): what this instance queues stays in the outbox.
            await using (var before = new EhrSandboxFactory(directory, ownsDirectory: false, TimeSpan.FromMinutes(5)))
            {
                using var subscribed = await before.SendAsync(HttpMethod.Post, "/fhir/Subscription", new Subscription
                {
                    Status = Subscription.SubscriptionStatus.Requested,
                    Reason = "restart test",
                    Criteria = "Encounter?status=finished",
                    Channel = new Subscription.ChannelComponent { Type = Subscription.SubscriptionChannelType.RestHook, Endpoint = receiver.Url + "/restart", Payload = "application/fhir+json" },
                });
                Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
                using var created = await before.SendAsync(HttpMethod.Post, "/fhir/Encounter", new Encounter
                {
                    Status = Encounter.EncounterStatus.Finished,
                    Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
                });
                encounterId = (await EhrSandboxFactory.ReadAsync<Encounter>(created)).Id!;
            }

            await using var after = new EhrSandboxFactory(directory, ownsDirectory: false, TimeSpan.FromMilliseconds(100));
            _ = after.Server;

            var notification = await receiver.NextAsync();
            Assert.Equal(encounterId, FhirJson.Parse<Encounter>(notification.Body).Id);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
