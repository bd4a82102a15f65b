INSERT INTO resources (resource_type, resource_id, version_id, last_updated, is_deleted, json)
VALUES (@ResourceType, @Id, @VersionId, @LastUpdated, @IsDeleted, @Json)
ON CONFLICT (resource_type, resource_id) DO UPDATE SET
    version_id = excluded.version_id,
    last_updated = excluded.last_updated,
    is_deleted = excluded.is_deleted,
    json = excluded.json;
