using HealthMesh.Intake.Context;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.Notifications;

/// <param name="EventNumber">The Backport IG's event number; null in the classic R4 form.</param>
/// <param name="Resource">The focus when the payload carried it (full-resource, classic); null for id-only.</param>
public sealed record NotificationEvent(string? EventNumber, ResourceKey Focus, Resource? Resource);
