#!/bin/sh
# One-shot setup of the compose demo: subscribes Intake to the sandbox EHR (finished Encounters, final
# DiagnosticReports; rest-hook with the Intake secret), then loads the synthetic sample cases, each of which notifies.
set -eu
fhir=http://ehr-sandbox:8080/fhir
for pair in "hm-encounters|Encounter?status=finished" "hm-radiology|DiagnosticReport?status=final"; do
  id=${pair%%|*}; criteria=${pair#*|}
  curl -fsS -o /dev/null -X PUT "$fhir/Subscription/$id" -H 'Content-Type: application/fhir+json' --data-binary @- <<JSON
{"resourceType":"Subscription","id":"$id","status":"requested","reason":"HealthMesh structured note drafts",
 "criteria":"$criteria",
 "channel":{"type":"rest-hook","endpoint":"http://intake:8080/notifications/sandbox","payload":"application/fhir+json",
            "header":["Authorization: Bearer $HEALTHMESH_INTAKE_SECRET"]}}
JSON
  echo "subscribed: $id ($criteria)"
done
for sample in /samples/*.json; do
  curl -fsS -o /dev/null -X POST "$fhir" -H 'Content-Type: application/fhir+json' --data-binary "@$sample"
  echo "loaded: $(basename "$sample")"
done
