import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ActivityReferenceView {
  @ApiProperty() activityId: string;
  @ApiProperty() type: string;
  @ApiProperty() title: string;
  @ApiProperty() prestatieCode: string;
  @ApiProperty() startsAt: string;
  @ApiPropertyOptional() organiserOrganisationId?: string;
  @ApiProperty({ type: [String] }) partnerOrganisationIds: string[];
  @ApiPropertyOptional() heldAt?: string;
  @ApiPropertyOptional() cancelledAt?: string;
}
