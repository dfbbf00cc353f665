package dev.slimfit.api.device;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface DeviceRepository extends JpaRepository<Device, UUID> {

    Optional<Device> findByName(String name);

    List<Device> findAllByOrderByName();
}
