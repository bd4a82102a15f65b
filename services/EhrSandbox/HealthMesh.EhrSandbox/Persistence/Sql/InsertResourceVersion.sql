INSERT INTO resource_versions (resource_type, resource_id, version_id, last_updated, is_deleted, json)
VALUES (@ResourceType, @Id, @VersionId, @LastUpdated, @IsDeleted, @Json);
