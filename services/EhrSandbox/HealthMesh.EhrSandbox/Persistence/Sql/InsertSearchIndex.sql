INSERT INTO search_index (resource_type, resource_id, param, system, value)
VALUES (@ResourceType, @Id, @Param, @System, @Value);
