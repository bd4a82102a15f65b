using System.Text.Json;
using HealthMesh.Intake.Context;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace HealthMesh.Intake.Notifications;

/// <summary>
/// Reads a rest-hook body in either form: classic R4 (empty, or the resource itself) or the Subscriptions Backport IG
/// (a <c>history</c> Bundle whose first entry is the <c>SubscriptionStatus</c> Parameters). Anything else is rejected.
/// </summary>
public static class NotificationParser
{
    public static ParsedNotification Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return ParsedNotification.Without(NotificationKind.Ping);
        }

        Resource resource;
        try
        {
            resource = FhirJson.Parse<Resource>(body);
        }
        catch (Exception e) when (e is DeserializationFailedException or JsonException)
        {
            throw new IntakeRejectedException($"The body is not a valid FHIR R4 JSON resource: {e.Message}", innerException: e);
        }

        return resource switch
        {
            Bundle bundle => ParseBackport(bundle),
            _ when !KnownResourceTypes.IsSupported(resource.TypeName) => throw new IntakeRejectedException(
                $"A {resource.TypeName} cannot start a note; send an {KnownResourceTypes.Encounter}, a {KnownResourceTypes.DiagnosticReport} or a Backport notification Bundle."),
            _ when string.IsNullOrEmpty(resource.Id) => throw new IntakeRejectedException($"The {resource.TypeName} has no id."),
            _ => new ParsedNotification(NotificationKind.Event, [new NotificationEvent(null, new ResourceKey(resource.TypeName, resource.Id, resource.Meta?.VersionId), resource)]),
        };
    }

    private static ParsedNotification ParseBackport(Bundle bundle)
    {
        if (bundle.Type != Bundle.BundleType.History || bundle.Entry.FirstOrDefault()?.Resource is not Parameters status)
        {
            throw new IntakeRejectedException(
                $"The Bundle (type '{bundle.Type?.ToString() ?? "missing"}') is not a subscription notification: expected type 'history' whose first entry is the SubscriptionStatus Parameters.");
        }

        var type = (status.GetSingle(KnownSubscriptionStatus.Type)?.Value as Code)?.Value;
        return type switch
        {
            KnownSubscriptionStatus.Handshake => ParsedNotification.Without(NotificationKind.Handshake),
            KnownSubscriptionStatus.Heartbeat => ParsedNotification.Without(NotificationKind.Heartbeat),
            KnownSubscriptionStatus.EventNotification => new ParsedNotification(NotificationKind.Event, ParseEvents(bundle, status)),
            null => throw new IntakeRejectedException("The SubscriptionStatus has no 'type' parameter."),
            _ => throw new IntakeRejectedException(
                $"SubscriptionStatus type '{type}' is not a notification Intake handles (handshake, heartbeat, event-notification)."),
        };
    }

    private static List<NotificationEvent> ParseEvents(Bundle bundle, Parameters status)
    {
        var events = new List<NotificationEvent>();
        foreach (var parameter in status.Parameter.Where(p => p.Name == KnownSubscriptionStatus.NotificationEvent))
        {
            var eventNumber = parameter.Part.FirstOrDefault(p => p.Name == KnownSubscriptionStatus.EventNumber)?.Value is PrimitiveType { JsonValue: { } number }
                ? Convert.ToString(number, System.Globalization.CultureInfo.InvariantCulture)
                : null;
            if (string.IsNullOrEmpty(eventNumber))
            {
                throw new IntakeRejectedException("A notification-event has no event-number.");
            }

            var focusReference = (parameter.Part.FirstOrDefault(p => p.Name == KnownSubscriptionStatus.Focus)?.Value as ResourceReference)?.Reference;
            if (focusReference is null)
            {
                throw new IntakeRejectedException(
                    $"Event {eventNumber} has no focus: 'empty' payloads are not supported; configure the subscription with payload 'id-only' or 'full-resource'.");
            }

            if (!ResourceKey.TryParse(focusReference, out var focus))
            {
                throw new IntakeRejectedException($"Event {eventNumber} has a focus that is not a FHIR resource reference.");
            }

            if (!KnownResourceTypes.IsSupported(focus.ResourceType))
            {
                throw new IntakeRejectedException(
                    $"Event {eventNumber} focuses on a {focus.ResourceType}; only {KnownResourceTypes.Encounter} and {KnownResourceTypes.DiagnosticReport} start notes.");
            }

            events.Add(new NotificationEvent(eventNumber, focus, FindFocus(bundle, focus)));
        }

        if (events.Count == 0)
        {
            throw new IntakeRejectedException("The event-notification carries no notification-event.");
        }

        return events;
    }

    /// <summary>The focus resource when the payload is full-resource; null (read it from the EHR) when id-only.</summary>
    private static Resource? FindFocus(Bundle bundle, ResourceKey focus) =>
        bundle.Entry.Skip(1)
            .Select(e => e.Resource)
            .FirstOrDefault(r => r is not null && r.TypeName == focus.ResourceType && r.Id == focus.Id
                                 && (focus.Version is null || r.Meta?.VersionId is null || r.Meta.VersionId == focus.Version));
}
