package dev.slimfit.api.auth;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface TeamRepository extends JpaRepository<Team, UUID> {

    boolean existsByName(String name);
}
