using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using IssueSeverity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace HealthMesh.Intake.Notifications;

/// <summary>
/// <c>POST /notifications/{subscriptionId}</c>: the rest-hook endpoint EHR subscriptions deliver to. Answers 200 only
/// once every event in the delivery is journaled and handed to the broker (or is a duplicate or ignored); otherwise
/// an OperationOutcome says why, and nothing was published for the failing event.
/// </summary>
public static class NotificationsApi
{

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/notifications");
        api.MapPost("/{subscriptionId}", ReceiveNotificationAsync);
        return app;
    }

    public static async Task<OperationOutcomeResult> ReceiveNotificationAsync(
        string subscriptionId,
        [AsParameters] NotificationServices services,
        CancellationToken cancellationToken)
    {
        switch (services.Authenticator.Authenticate(subscriptionId, services.Request.Headers))
        {
            case SubscriptionAuthentication.UnknownSubscription:
                return OperationOutcomeResult.Error(StatusCodes.Status404NotFound, IssueType.NotFound, $"No subscription '{subscriptionId}' is configured at this endpoint.");
            case SubscriptionAuthentication.InvalidSecret:
                return OperationOutcomeResult.Error(StatusCodes.Status401Unauthorized, IssueType.Security, $"The delivery for subscription '{subscriptionId}' does not carry its configured secret.");
        }

        var maxBytes = services.Options.Value.MaxNotificationBytes;
        var body = await LimitedRequestBody.ReadAsync(services.Request, maxBytes, cancellationToken);
        if (body is null)
        {
            return OperationOutcomeResult.Error(StatusCodes.Status413PayloadTooLarge, IssueType.TooCostly, $"The notification is larger than {maxBytes} bytes.");
        }

        var format = KnownMediaTypes.FormatOf(services.Request.ContentType);
        if (body.Length > 0 && format == ResourceFormat.Unknown)
        {
            return OperationOutcomeResult.Error(
                StatusCodes.Status415UnsupportedMediaType,
                IssueType.NotSupported,
                $"Content-Type '{services.Request.ContentType}' is not supported; send {KnownMediaTypes.FhirJson} or {KnownMediaTypes.FhirXml}.");
        }

        try
        {
            var notification = NotificationParser.Parse(body, format);
            if (notification.Kind != NotificationKind.Event)
            {
                await services.Tracker.RecordAsync(subscriptionId, notification, cancellationToken);
                return OperationOutcomeResult.Issue(StatusCodes.Status200OK, IssueSeverity.Information, IssueType.Informational, $"{notification.Kind} acknowledged.");
            }

            var outcome = new OperationOutcome();
            foreach (var notificationEvent in notification.Events)
            {
                if (notificationEvent.Focus is not { } focus)
                {
                    // Payload 'empty': the tracker below records the number durably as to be fetched, and the monitor
                    // fetches it ($events, else a _lastUpdated search) through the same intake and de-duplication.
                    outcome.Issue.Add(new OperationOutcome.IssueComponent
                    {
                        Severity = IssueSeverity.Information,
                        Code = IssueType.Informational,
                        Diagnostics = $"Event {notificationEvent.EventNumber} carries no resource (payload 'empty'); it is fetched from the EHR.",
                    });
                    continue;
                }

                var accepted = await services.Intake.AcceptAsync(
                    new NotificationSource(subscriptionId, notificationEvent.EventNumber), focus, notificationEvent.Resource, cancellationToken);
                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = IssueSeverity.Information,
                    Code = IssueType.Informational,
                    Diagnostics = $"{accepted.Kind} {accepted.ResourceKey}"
                        + (accepted.WorkflowId is { } workflowId ? $" (workflow {workflowId})" : "")
                        + (accepted.Reason is { } reason ? $": {reason}" : ""),
                });
            }

            // Only a delivery handled in full says anything about the subscription's event count.
            await services.Tracker.RecordAsync(subscriptionId, notification, cancellationToken);
            return new OperationOutcomeResult(StatusCodes.Status200OK, outcome);
        }
        catch (IntakeRejectedException e)
        {
            return OperationOutcomeResult.Error(e.StatusCode, e.StatusCode == StatusCodes.Status400BadRequest ? IssueType.Invalid : IssueType.Processing, e.Message);
        }
        catch (IntakeUnavailableException e)
        {
            var retryAfter = services.Options.Value.RetryAfterSeconds;
            return OperationOutcomeResult.Error(StatusCodes.Status503ServiceUnavailable, IssueType.Transient, $"{e.Message} Retry after {retryAfter} seconds.", retryAfter);
        }
    }
}
