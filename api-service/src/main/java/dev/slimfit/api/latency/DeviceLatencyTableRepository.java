package dev.slimfit.api.latency;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.Query;

interface DeviceLatencyTableRepository extends JpaRepository<DeviceLatencyTable, UUID> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from DeviceLatencyTable t where t.id = ?1")
    Optional<DeviceLatencyTable> findForUpdate(UUID id);

    List<DeviceLatencyTable> findByDeviceIdOrderByCreatedAtDesc(UUID deviceId);

    Optional<DeviceLatencyTable> findFirstByDeviceIdAndSearchSpaceAndStatusOrderByReadyAtDesc(UUID deviceId,
            String searchSpace, TableStatus status);

    @Query("""
            select coalesce(max(t.tableVersion), 0) from DeviceLatencyTable t
            where t.deviceId = ?1 and t.runtime = ?2 and t.searchSpace = ?3 and t.batchSize = ?4""")
    int latestVersion(UUID deviceId, String runtime, String searchSpace, int batchSize);

    boolean existsByDeviceIdAndSearchSpaceAndStatusIn(UUID deviceId, String searchSpace,
            List<TableStatus> statuses);
}
