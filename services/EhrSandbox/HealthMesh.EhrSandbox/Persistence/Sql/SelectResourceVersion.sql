SELECT resource_type AS ResourceType, resource_id AS Id, version_id AS VersionId, last_updated AS LastUpdated, is_deleted AS IsDeleted, json AS Json
FROM resource_versions
WHERE resource_type = @ResourceType AND resource_id = @Id AND version_id = @VersionId;
