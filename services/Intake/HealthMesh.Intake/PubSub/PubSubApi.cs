using System.Security.Cryptography;
using System.Text;
using HealthMesh.Intake.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HealthMesh.Intake.PubSub;

/// <summary>
/// Dapr pub/sub delivery into the same pipeline as the rest-hook: <c>GET /dapr/subscribe</c> lists the topic,
/// <c>POST /pubsub/clinical-events</c> takes each CloudEvent (its data is a FHIR notification, parsed as the rest-hook's
/// body is), journals, de-duplicates and publishes through <see cref="ClinicalEventIntake"/>. Answers per Dapr's
/// contract: SUCCESS once handled (or a duplicate, or ignored), RETRY while the broker or EHR is unavailable, DROP with a
/// logged reason for an event that can never succeed.
/// </summary>
public static partial class PubSubApi
{
    public const string Route = "/pubsub/clinical-events";
    public const string ApiTokenHeader = "dapr-api-token";
    private const string LoggerName = "HealthMesh.Intake.PubSub";

    public static IEndpointRouteBuilder MapPubSubApi(this WebApplication app)
    {
        // Always answered, so that a sidecar beside an Intake without pub/sub sees an empty subscription list.
        app.MapSubscribeHandler();
        var options = app.Services.GetRequiredService<IOptions<PubSubOptions>>().Value;
        if (options.Enabled)
        {
            app.MapPost(Route, ReceiveAsync).WithTopic(options.PubSubName, options.Topic);
        }

        return app;
    }

    public static async Task<Results<Ok<PubSubStatus>, UnauthorizedHttpResult>> ReceiveAsync(
        [AsParameters] PubSubServices services,
        CancellationToken cancellationToken)
    {
        var options = services.Options.Value;
        if (!HasToken(services.Request, options.AppApiToken))
        {
            // Not DROP: a sidecar with the wrong token is misconfigured, and its events must survive the fix.
            return TypedResults.Unauthorized();
        }

        var logger = services.LoggerFactory.CreateLogger(LoggerName);
        var source = $"dapr:{options.PubSubName}/{options.Topic}";
        var body = await LimitedRequestBody.ReadAsync(services.Request, services.IntakeOptions.Value.MaxNotificationBytes, cancellationToken);
        if (body is null)
        {
            LogDropped(logger, source, "(unread)", $"larger than {services.IntakeOptions.Value.MaxNotificationBytes} bytes");
            return TypedResults.Ok(PubSubStatus.Drop);
        }

        CloudEvent cloudEvent;
        try
        {
            cloudEvent = IsCloudEvent(services.Request.ContentType)
                ? CloudEvent.Parse(body)
                : throw new FormatException($"Content-Type '{services.Request.ContentType}' is not {CloudEvent.MediaType}.");
        }
        catch (FormatException e)
        {
            LogDropped(logger, source, "(none)", e.Message);
            return TypedResults.Ok(PubSubStatus.Drop);
        }

        try
        {
            var notification = NotificationParser.Parse(cloudEvent.Data);
            var events = notification.Kind == NotificationKind.Event ? notification.Events : [];
            if (events.Any(e => e.Focus is null))
            {
                // An `empty` payload is fetched through its subscription's $events; a pub/sub delivery has no subscription.
                LogDropped(logger, source, cloudEvent.Id, "an 'empty' payload names no resource, and pub/sub deliveries have no subscription to fetch it from");
                return TypedResults.Ok(PubSubStatus.Drop);
            }

            for (var i = 0; i < events.Count; i++)
            {
                // A classic rest-hook payload has no event number: the CloudEvent id de-duplicates its redeliveries.
                var eventNumber = events[i].EventNumber ?? (events.Count == 1 ? cloudEvent.Id : $"{cloudEvent.Id}#{i}");
                await services.Intake.AcceptAsync(new NotificationSource(source, eventNumber), events[i].Focus!, events[i].Resource, cancellationToken);
            }

            return TypedResults.Ok(PubSubStatus.Success);
        }
        catch (IntakeRejectedException e)
        {
            // Parser messages may quote the payload (a value Firely could not read): those are logged by kind only.
            LogDropped(logger, source, cloudEvent.Id, e.InnerException is null ? e.Message : "the data is not a valid FHIR R4 JSON notification");
            return TypedResults.Ok(PubSubStatus.Drop);
        }
        catch (IntakeUnavailableException e)
        {
            LogRetry(logger, source, cloudEvent.Id, e.Message);
            return TypedResults.Ok(PubSubStatus.Retry);
        }
    }

    private static bool HasToken(HttpRequest request, string expected)
    {
        var presented = request.Headers[ApiTokenHeader].ToString();
        return expected.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }

    private static bool IsCloudEvent(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.Equals(CloudEvent.MediaType, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped pub/sub event {CloudEventId} from {Source}: {Reason}")]
    private static partial void LogDropped(ILogger logger, string source, string cloudEventId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pub/sub event {CloudEventId} from {Source} will be redelivered: {Reason}")]
    private static partial void LogRetry(ILogger logger, string source, string cloudEventId, string reason);
}
