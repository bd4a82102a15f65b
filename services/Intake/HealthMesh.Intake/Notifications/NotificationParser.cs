using System.Text.Json;
using System.Xml;
using HealthMesh.Intake.Context;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;

namespace HealthMesh.Intake.Notifications;

/// <summary>
/// Reads a rest-hook body in either form: classic R4 (empty, or the resource itself) or the Subscriptions Backport IG
/// (a <c>history</c> Bundle whose first entry is the <c>SubscriptionStatus</c> Parameters). Anything else is rejected.
/// </summary>
public static class NotificationParser
{
    /// <param name="format"><see cref="ResourceFormat.Json"/> or <see cref="ResourceFormat.Xml"/>, from the Content-Type.</param>
    public static ParsedNotification Parse(ReadOnlySpan<byte> body, ResourceFormat format = ResourceFormat.Json)
    {
        if (body.IsEmpty)
        {
            return ParsedNotification.Without(NotificationKind.Ping);
        }

        Resource resource;
        try
        {
            resource = format == ResourceFormat.Xml ? FhirXml.Parse<Resource>(body) : FhirJson.Parse<Resource>(body);
        }
        catch (Exception e) when (e is DeserializationFailedException or JsonException or XmlException
                                      // Firely's readers throw these on some malformed shapes (found by the fuzz test);
                                      // its XML reader (6.8) even dereferences null on some misplaced attributes.
                                      or InvalidOperationException or FormatException or ArgumentException or InvalidCastException or NotSupportedException
                                      || (format == ResourceFormat.Xml && e is NullReferenceException))
        {
            throw new IntakeRejectedException($"The body is not a valid FHIR R4 {(format == ResourceFormat.Xml ? "XML" : "JSON")} resource: {e.Message}", innerException: e);
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

        var type = (Named(status, KnownSubscriptionStatus.Type)?.Value as Code)?.Value;
        var header = ParseStatus(status);
        return type switch
        {
            KnownSubscriptionStatus.Handshake => new ParsedNotification(NotificationKind.Handshake, [], header),
            KnownSubscriptionStatus.Heartbeat => new ParsedNotification(NotificationKind.Heartbeat, [], header),
            KnownSubscriptionStatus.QueryStatus => new ParsedNotification(NotificationKind.QueryStatus, [], header),
            KnownSubscriptionStatus.EventNotification => new ParsedNotification(NotificationKind.Event, ParseEvents(bundle, status, allowNone: false), header),
            // An $events answer may hold no event (none in the range is still known to the server).
            KnownSubscriptionStatus.QueryEvent => new ParsedNotification(NotificationKind.Event, ParseEvents(bundle, status, allowNone: true), header),
            null => throw new IntakeRejectedException("The SubscriptionStatus has no 'type' parameter."),
            _ => throw new IntakeRejectedException(
                $"SubscriptionStatus type '{type}' is not a notification Intake handles (handshake, heartbeat, event-notification, query-status, query-event)."),
        };
    }

    /// <summary>
    /// Reads the answer to <c>Subscription/{id}/$events</c> that recovery asked for: the same history Bundle, with status
    /// type <c>query-event</c>.
    /// </summary>
    public static IReadOnlyList<NotificationEvent> ParseQueryEvents(Bundle bundle)
    {
        if (bundle.Type != Bundle.BundleType.History || bundle.Entry.FirstOrDefault()?.Resource is not Parameters status
            || (Named(status, KnownSubscriptionStatus.Type)?.Value as Code)?.Value != KnownSubscriptionStatus.QueryEvent)
        {
            throw new IntakeRejectedException("The $events answer is not a history Bundle whose SubscriptionStatus has type 'query-event'.");
        }

        return ParseEvents(bundle, status, allowNone: true);
    }

    /// <summary>The subscription reference, topic and event count; a malformed count is ignored (gap tracking then skips it).</summary>
    private static NotificationStatus ParseStatus(Parameters status)
    {
        var count = Named(status, KnownSubscriptionStatus.EventsSinceSubscriptionStart)?.Value is PrimitiveType { JsonValue: { } value }
                    && long.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : (long?)null;
        return new NotificationStatus(
            (Named(status, KnownSubscriptionStatus.Subscription)?.Value as ResourceReference)?.Reference,
            (Named(status, KnownSubscriptionStatus.Topic)?.Value as PrimitiveType)?.ToString(),
            count,
            (Named(status, KnownSubscriptionStatus.Status)?.Value as PrimitiveType)?.ToString());
    }

    private static List<NotificationEvent> ParseEvents(Bundle bundle, Parameters status, bool allowNone)
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

            var focusPart = parameter.Part.FirstOrDefault(p => p.Name == KnownSubscriptionStatus.Focus);
            if (focusPart is null)
            {
                // Payload 'empty': the event carries its number only and is fetched by it.
                events.Add(new NotificationEvent(eventNumber, null, null));
                continue;
            }

            if ((focusPart.Value as ResourceReference)?.Reference is not { } focusReference)
            {
                throw new IntakeRejectedException($"Event {eventNumber} has a focus without a reference.");
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

        if (events.Count == 0 && !allowNone)
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

    /// <summary>
    /// The first parameter of that name. Firely's <c>GetSingle</c> throws on a repeated name, which a malformed body must
    /// not turn into a 500.
    /// </summary>
    private static Parameters.ParameterComponent? Named(Parameters status, string name) => status.Parameter.FirstOrDefault(p => p.Name == name);
}
