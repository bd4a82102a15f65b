using System.CommandLine;
using System.Net.Http.Json;
using System.Security.Cryptography;
using HealthMesh.AllInOne.Hosting;
using HealthMesh.EhrSandbox.Subscriptions;
using HealthMesh.Intake.Subscriptions;
using HealthMesh.ServiceDefaults.Ehr;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace HealthMesh.AllInOne.Subscriptions;

/// <summary>
/// <c>healthmesh subscriptions create|list|status|delete</c>: manages the EHR-side Subscriptions that point at Intake
/// (<c>/notifications/{id}</c>) and shows their health from both sides (the EHR's status, Intake's health view).
/// </summary>
public static class SubscriptionsCommand
{
    private static readonly Option<Uri> Ehr = new("--ehr") { Description = "The EHR's FHIR R4 base URL.", Required = true, CustomParser = AbsoluteUrl };
    private static readonly Option<Uri> Intake = new("--intake")
    {
        CustomParser = AbsoluteUrl,
        Description = "HealthMesh's base URL as the EHR reaches it (Intake serves /notifications/{id} and /subscriptions there).",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080"),
    };

    private static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "The embedded mode's data directory: its SMART key signs EHR requests, and subscription secrets are read from and written to it.",
    };

    public static Command Create()
    {
        var command = new Command("subscriptions", "Create, list, inspect and delete the EHR subscriptions that notify HealthMesh.");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(StatusCommand());
        command.Subcommands.Add(DeleteCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var id = new Option<string>("--id") { Description = "Intake's subscription id: the EHR delivers to /notifications/{id}.", Required = true };
        var filter = new Option<string>("--filter") { Description = "What to notify about, as a search: e.g. Encounter?status=finished.", Required = true };
        var topic = new Option<string?>("--topic") { Description = "Backport IG topic canonical (default derived from the resource type)." };
        var classic = new Option<bool>("--classic") { Description = "A classic R4 criteria Subscription instead of a Backport IG one." };
        var payload = new Option<string>("--payload")
        {
            Description = "Payload content: id-only (default), full-resource or empty.",
            DefaultValueFactory = _ => SubscriptionCriteria.IdOnly,
        };
        payload.AcceptOnlyFromAmong(SubscriptionCriteria.IdOnly, SubscriptionCriteria.FullResource, SubscriptionCriteria.Empty);
        var heartbeat = new Option<int?>("--heartbeat") { Description = "Backport heartbeat period in seconds (default none)." };
        var header = new Option<string>("--header") { Description = "Header that carries the secret.", DefaultValueFactory = _ => "Authorization" };
        var secret = new Option<string?>("--secret") { Description = "The secret (default: the one configured for --id in --data-dir, else a new one)." };
        var ehrId = new Option<string?>("--ehr-subscription-id") { Description = "Id of the Subscription in the EHR (default healthmesh-{id}-{type})." };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the handshake (Backport); 0 does not wait.", DefaultValueFactory = _ => 30 };
        var create = new Command("create", "Create the Subscription in the EHR, pointing at Intake, and wait for its handshake.")
        {
            Ehr, Intake, DataDirectory, id, filter, topic, classic, payload, heartbeat, header, secret, ehrId, wait,
        };
        create.SetAction(async (parse, cancellationToken) =>
        {
            var intakeId = parse.GetValue(id)!;
            var dataDirectory = parse.GetValue(DataDirectory);
            await using var services = EhrConnection.Create(parse.GetValue(Ehr)!, dataDirectory);
            var configuredSecret = services.GetRequiredService<IConfiguration>()[$"HealthMesh:Intake:Subscriptions:{intakeId}:Secret"];
            var theSecret = parse.GetValue(secret) ?? configuredSecret ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            if (theSecret != configuredSecret)
            {
                if (dataDirectory is not null)
                {
                    LocalSecrets.SetIntakeSubscriptionSecret(dataDirectory, intakeId, theSecret);
                    Console.WriteLine($"Secret for '{intakeId}' stored in {Path.Combine(dataDirectory, LocalSecrets.FileName)}; restart healthmesh serve to load it.");
                }
                else
                {
                    Console.WriteLine($"Configure Intake with: HealthMesh__Intake__Subscriptions__{intakeId}__Secret=<the secret> (and __Header={parse.GetValue(header)} if not Authorization); the secret was generated and is not shown again here: pass --secret to choose it.");
                }
            }

            var resourceType = parse.GetValue(filter)!.Split('?')[0];
            var subscription = SubscriptionResources.Create(
                parse.GetValue(ehrId) ?? $"healthmesh-{intakeId}-{resourceType.ToLowerInvariant()}",
                parse.GetValue(filter)!,
                parse.GetValue(topic),
                parse.GetValue(classic),
                parse.GetValue(payload)!,
                parse.GetValue(heartbeat),
                new Uri(parse.GetValue(Intake)!, $"notifications/{Uri.EscapeDataString(intakeId)}").AbsoluteUri,
                parse.GetValue(header)!,
                theSecret);

            var started = DateTimeOffset.UtcNow;
            using var ehr = services.CreateEhrFhirClient();
            var created = await ehr.UpdateAsync(subscription, ct: cancellationToken);
            Console.WriteLine($"Created Subscription/{created!.Id} in the EHR ({(parse.GetValue(classic) ? "classic R4" : "Backport IG")}, status {Literal(created.Status)}) → {subscription.Channel.Endpoint}");
            if (parse.GetValue(classic) || parse.GetValue(wait) <= 0)
            {
                return 0;
            }

            using var http = new HttpClient { BaseAddress = parse.GetValue(Intake), Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(parse.GetValue(wait));
            while (DateTime.UtcNow < deadline)
            {
                var health = await TryHealthAsync(http, intakeId, cancellationToken);
                if (health?.EhrSubscription?.EndsWith($"Subscription/{created.Id}", StringComparison.Ordinal) == true && health.LastNotificationAt >= started.AddSeconds(-1))
                {
                    Console.WriteLine($"Handshake received by Intake: subscription '{intakeId}' is {health.Health}.");
                    return 0;
                }

                await System.Threading.Tasks.Task.Delay(500, cancellationToken);
            }

            await Console.Error.WriteLineAsync(
                $"No handshake reached Intake at {parse.GetValue(Intake)} within {parse.GetValue(wait)} s. Check that the EHR can reach {subscription.Channel.Endpoint} and that Intake knows subscription '{intakeId}' with this secret (restart it after changing the secret).");
            return 3;
        });
        return create;
    }

    private static Command ListCommand()
    {
        var list = new Command("list", "The EHR's Subscriptions that point at HealthMesh, with the EHR's status and Intake's health.") { Ehr, Intake, DataDirectory };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = EhrConnection.Create(parse.GetValue(Ehr)!, parse.GetValue(DataDirectory));
            using var ehr = services.CreateEhrFhirClient();
            using var http = new HttpClient { BaseAddress = parse.GetValue(Intake), Timeout = TimeSpan.FromSeconds(10) };
            var intakeHealth = await TryListAsync(http, cancellationToken);
            var prefix = new Uri(parse.GetValue(Intake)!, "notifications/").AbsoluteUri;
            Console.WriteLine($"{"EHR subscription",-40} {"EHR status",-10} {"Intake id",-16} {"health",-10} criteria");
            for (var page = await ehr.SearchAsync<Subscription>(["_count=100"], ct: cancellationToken); page is not null; page = await ehr.ContinueAsync(page, ct: cancellationToken))
            {
                foreach (var subscription in page.Entry.Select(e => e.Resource).OfType<Subscription>())
                {
                    if (subscription.Channel?.Endpoint?.StartsWith(prefix, StringComparison.Ordinal) != true)
                    {
                        continue;
                    }

                    var intakeId = Uri.UnescapeDataString(subscription.Channel.Endpoint[prefix.Length..]);
                    var health = intakeHealth?.FirstOrDefault(h => h.SubscriptionId == intakeId);
                    var criteria = subscription.CriteriaElement?.GetStringExtension(KnownSubscriptionUrls.FilterCriteriaExtension) ?? subscription.Criteria;
                    Console.WriteLine($"{subscription.Id,-40} {Literal(subscription.Status),-10} {intakeId,-16} {health?.Health ?? (intakeHealth is null ? "unreachable" : "unknown"),-10} {criteria}");
                }
            }

            return 0;
        });
        return list;
    }

    private static Command StatusCommand()
    {
        var ehrId = new Argument<string>("ehr-subscription-id") { Description = "The Subscription's id in the EHR." };
        var status = new Command("status", "One Subscription: the EHR's $status (Backport) and Intake's health view.") { Ehr, Intake, DataDirectory, ehrId };
        status.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = EhrConnection.Create(parse.GetValue(Ehr)!, parse.GetValue(DataDirectory));
            using var ehr = services.CreateEhrFhirClient();
            Subscription subscription;
            try
            {
                subscription = (await ehr.ReadAsync<Subscription>($"Subscription/{parse.GetValue(ehrId)}", ct: cancellationToken))!;
            }
            catch (FhirOperationException e) when (e.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone)
            {
                await Console.Error.WriteLineAsync($"Subscription/{parse.GetValue(ehrId)} does not exist in the EHR.");
                return 4;
            }

            Console.WriteLine($"EHR: Subscription/{subscription.Id} status {Literal(subscription.Status)}{(subscription.Error is { } error ? $", error: {error}" : "")}");
            if (subscription.Meta?.Profile.Contains(KnownSubscriptionUrls.BackportSubscriptionProfile) == true)
            {
                var bundle = await ehr.GetAsync($"Subscription/{subscription.Id}/$status", cancellationToken) as Bundle;
                if (bundle?.Entry.Select(e => e.Resource).OfType<Parameters>().FirstOrDefault() is { } statusParameters)
                {
                    Console.WriteLine($"EHR $status: {statusParameters.GetSingleValue<Code>("status")?.Value}, events-since-subscription-start {statusParameters.GetSingleValue<FhirString>("events-since-subscription-start")?.Value}");
                }
            }

            var prefix = new Uri(parse.GetValue(Intake)!, "notifications/").AbsoluteUri;
            if (subscription.Channel?.Endpoint?.StartsWith(prefix, StringComparison.Ordinal) == true)
            {
                using var http = new HttpClient { BaseAddress = parse.GetValue(Intake), Timeout = TimeSpan.FromSeconds(10) };
                var intakeId = Uri.UnescapeDataString(subscription.Channel.Endpoint[prefix.Length..]);
                var health = await TryHealthAsync(http, intakeId, cancellationToken);
                Console.WriteLine(health is null
                    ? $"Intake: subscription '{intakeId}' unknown or Intake unreachable at {parse.GetValue(Intake)}"
                    : $"Intake: '{intakeId}' {health.Health}{(health.Reason is null ? "" : $" ({health.Reason})")}, last event {health.LastEventNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, last notification {health.LastNotificationAt:O}");
            }

            return 0;
        });
        return status;
    }

    private static Command DeleteCommand()
    {
        var ehrId = new Argument<string>("ehr-subscription-id") { Description = "The Subscription's id in the EHR." };
        var delete = new Command("delete", "Delete a Subscription in the EHR (Intake keeps its journal and health history).") { Ehr, DataDirectory, ehrId };
        delete.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = EhrConnection.Create(parse.GetValue(Ehr)!, parse.GetValue(DataDirectory));
            using var ehr = services.CreateEhrFhirClient();
            await ehr.DeleteAsync($"Subscription/{parse.GetValue(ehrId)}", ct: cancellationToken);
            Console.WriteLine($"Deleted Subscription/{parse.GetValue(ehrId)} in the EHR.");
            return 0;
        });
        return delete;
    }

    private static async Task<SubscriptionHealthView?> TryHealthAsync(HttpClient http, string intakeId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"subscriptions/{Uri.EscapeDataString(intakeId)}/health", cancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<SubscriptionHealthView>(cancellationToken) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<List<SubscriptionHealthView>?> TryListAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetFromJsonAsync<List<SubscriptionHealthView>>("subscriptions", cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static Uri? AbsoluteUrl(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"'{text}' is not an absolute http(s) URL.");
        return null;
    }

    private static string Literal(Subscription.SubscriptionStatus? status) => status?.ToString().ToLowerInvariant() ?? "unknown";
}
