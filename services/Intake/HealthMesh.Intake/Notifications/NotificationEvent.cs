using HealthMesh.Intake.Context;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.Notifications;

/// <param name="EventNumber">The Backport IG's event number; null in the classic R4 form.</param>
/// <param name="Focus">The resource the event is about; null when the payload is <c>empty</c> (the event is then fetched by its number).</param>
/// <param name="Resource">The focus when the payload carried it (full-resource, classic); null for id-only and empty.</param>
public sealed record NotificationEvent(string? EventNumber, ResourceKey? Focus, Resource? Resource);
